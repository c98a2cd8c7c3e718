/** A spool writer thread that dies on the first call it gets, before writing anything. */
import { serveThread } from '../../src/threads/serve-thread.js';

serveThread(() => () => process.exit(1));
