import { describeAuditComments } from './support/audit-comment-suite.js';

describeAuditComments('sqlite', async () => true);
