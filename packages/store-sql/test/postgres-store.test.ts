import { openTestStore } from '../src/testing.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('PostgreSQL', () => openTestStore('PostgreSQL'));
