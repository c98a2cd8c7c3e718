/** Waits on a condition or a promise, with a deadline and a named failure: the pipeline's test helpers, shared (polling for a value: events.ts). */
export { waitFor, withDeadline } from '../../../pipeline/test/support/wait-for.js';
