import { describeAdminApi } from './support/admin-api-suite.js';

describeAdminApi('sqlite', async () => true);
