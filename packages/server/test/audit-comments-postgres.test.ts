import { describeAuditComments } from './support/audit-comment-suite.js';
import { postgresAvailable } from './support/test-server.js';

describeAuditComments('postgres', postgresAvailable);
