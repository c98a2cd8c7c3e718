/**
 * The set-up both contracts share: open the backend before the tests and close it
 * after; when it is not reachable its tests are skipped, except under CI, where every
 * backend is required.
 */
import { after, before, test } from 'node:test';

export type ContractTest = (title: string, fn: () => Promise<void>) => void;

export function backendSuite<T extends { close: () => Promise<void> }>(
  name: string,
  open: () => Promise<T | undefined>,
  onOpen: (opened: T) => Promise<void> | void,
): ContractTest {
  let opened: T | undefined;
  let skip: string | false = false;
  before(async () => {
    opened = await open();
    if (!opened) {
      if (process.env.CI) throw new Error(`${name} is required under CI but is not reachable`);
      skip = `${name} is not reachable`;
      return;
    }
    await onOpen(opened);
  });
  after(() => opened?.close());
  return (title, fn) => test(title, async (t) => (skip ? t.skip(skip) : fn()));
}
