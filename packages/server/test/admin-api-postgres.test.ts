import { describeAdminApi } from './support/admin-api-suite.js';
import { postgresAvailable } from './support/test-server.js';

describeAdminApi('postgres', postgresAvailable);
