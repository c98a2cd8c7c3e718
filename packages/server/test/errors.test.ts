import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { registerErrorHandling } from '../src/errors.js';

test('an unexpected error is a 500 with a generic body; the details stay in the log', async () => {
  const logged: unknown[] = [];
  const app = Fastify({
    logger: { level: 'error', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  registerErrorHandling(app);
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
