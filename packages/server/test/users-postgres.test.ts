import { postgresAvailable } from './support/test-server.js';
import { describeUsers } from './support/users-suite.js';

describeUsers('postgres', postgresAvailable);
