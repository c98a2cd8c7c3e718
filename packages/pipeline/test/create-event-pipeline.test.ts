import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { createEventPipeline } from '../src/index.js';
import { RecordingSink, silentLog, tempDir } from './support/fixtures.js';

const dir = tempDir();
after(() => dir.remove());

const base = {
  spool: { file: dir.file('spool.db'), maxBytes: 1024 * 1024, accountShare: 0.25 },
  sink: new RecordingSink(),
  log: silentLog,
};

test('a bad AMQP option is refused by name before anything is opened', async () => {
  for (const [option, value] of [
    ['shards', 0],
    ['maxInflight', -1],
    ['confirmChannels', 1.5],
    ['prefetch', 0],
  ] as const) {
    await assert.rejects(
      createEventPipeline({ ...base, amqp: { url: 'amqp://127.0.0.1:1', prefix: 't', [option]: value } }),
      new RangeError(`amqp.${option} must be a positive integer`),
    );
  }
  await assert.rejects(
    createEventPipeline({ ...base, amqp: { url: 'not a url', prefix: 't' } }),
    new RangeError('amqp.url is not a URL'),
  );
  assert.equal(existsSync(base.spool.file), false, 'no spool file was created');
});

test('a bad spool option is refused', async () => {
  await assert.rejects(
    createEventPipeline({ ...base, spool: { ...base.spool, accountShare: 0 } }),
    /accountShare must be in \(0, 1\]/,
  );
  await assert.rejects(createEventPipeline({ ...base, spool: { ...base.spool, maxBytes: 0 } }), /maxBytes/);
});
