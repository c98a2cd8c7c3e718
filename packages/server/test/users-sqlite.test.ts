import { describeUsers } from './support/users-suite.js';

describeUsers('sqlite', async () => true);
