/**
 * Starts a worker thread on an entry module. Run from source (tests, through tsx), the
 * thread registers tsx before it loads its entry, since a worker does not inherit its
 * parent's module hooks.
 */
import { Worker } from 'node:worker_threads';

/** The compiled entry beside `from` (a module's import.meta.url), or its source under tsx. */
export function workerEntry(from: string, name: string): URL {
  return new URL(from.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, from);
}

export function spawnWorker(
  entry: URL,
  workerData: unknown,
  throughTsx = entry.href.endsWith('.ts'),
): Worker {
  if (!throughTsx) return new Worker(entry, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
