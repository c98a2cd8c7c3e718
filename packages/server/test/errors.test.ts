import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { ApiError, registerErrorHandling } from '../src/errors.js';

/** An app with the one error handler, whose error-level log lines are kept in `logged`. */
function appLoggingErrors() {
  const logged: unknown[] = [];
  const app = Fastify({
    logger: { level: 'error', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  registerErrorHandling(app);
  return { app, logged };
}

test('an unexpected error is a 500 with a generic body; the details stay in the log', async () => {
  const { app, logged } = appLoggingErrors();
  app.get('/boom', async () => {
    throw new Error('secret internal detail: password=hunter2');
  });
  const r = await app.inject({ method: 'GET', url: '/boom' });
  assert.equal(r.statusCode, 500);
  assert.deepEqual(r.json(), {
    code: 'INTERNAL',
    message: 'Something went wrong on our side; it has been logged',
  });
  assert.ok(!r.body.includes('hunter2'));
  assert.ok(JSON.stringify(logged).includes('secret internal detail'), 'the log has the details');
  await app.close();
});

test('a load-shedding 503 carries its headers and is not logged as an error', async () => {
  const { app, logged } = appLoggingErrors();
  app.get('/full', async () => {
    throw new ApiError('SPOOL_FULL', 'The event spool is full', undefined, { 'retry-after': '1' });
  });
  const r = await app.inject({ method: 'GET', url: '/full' });
  assert.equal(r.statusCode, 503);
  assert.equal(r.headers['retry-after'], '1');
  assert.deepEqual(r.json(), { code: 'SPOOL_FULL', message: 'The event spool is full' });
  assert.deepEqual(logged, []);
  await app.close();
});
