/** A spool writer thread that dies on the first call it gets, before writing anything. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(1));
