/** A promise or a named failure at its deadline: the pipeline's test helper, shared (polling waits: events.ts). */
export { withDeadline } from '../../../pipeline/test/support/wait-for.js';
