/**
 * The history tests again, with the server on PostgreSQL: the dashboard must behave the same on
 * either store. (The harness reads DASHBOARD_BACKEND when each test starts its server.)
 */
process.env.DASHBOARD_BACKEND = 'postgres';
await import('./history.test.js');
