import { openTestStore } from '../src/testing.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('SQLite', () => openTestStore('SQLite'));
