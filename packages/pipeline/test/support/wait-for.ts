/**
 * Waits in tests: on the condition a test checks, with a generous deadline and a message naming
 * what it waited for, never on how fast the machine is. A pending promise alone does not keep
 * Node's event loop alive, so each wait holds a timer until it settles.
 */
export interface WaitOptions {
  /** Generous: the deadline is for a wait that will never end, not for a slow machine. */
  readonly timeoutMs?: number;
  /** Named in the error: "timed out after 30000 ms waiting for <what>". */
  readonly what: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = DEFAULT_TIMEOUT_MS, what }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a named failure once `timeoutMs` has passed. */
export function withDeadline<T>(
  promise: Promise<T>,
  { timeoutMs = DEFAULT_TIMEOUT_MS, what }: WaitOptions,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
