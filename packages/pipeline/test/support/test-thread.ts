/** A thread for thread-host.test.ts: echoes, fails, logs, crashes, or holds a call for a while. */
import { serveThread } from '../../src/threads/serve-thread.js';

export type TestCall =
  | { readonly op: 'echo'; readonly value: string }
  | { readonly op: 'fail' }
  | { readonly op: 'log'; readonly message: string }
  | { readonly op: 'hold'; readonly ms: number; readonly value: string }
  | { readonly op: 'crash' };

serveThread<{ readonly label: string }, TestCall, string>(({ label }, log) => async (call) => {
  if (call.op === 'echo') return `${label}:${call.value}`;
  if (call.op === 'fail') throw Object.assign(new Error('the handler failed'), { code: 'E_TEST' });
  if (call.op === 'log') {
    log.warn({ label }, call.message);
    return 'logged';
  }
  if (call.op === 'hold') {
    await new Promise((resolve) => setTimeout(resolve, call.ms));
    return call.value;
  }
  process.exit(3);
});
