import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

test('event ingest defaults: embedded spool in the data directory, 5 MiB posts, the breaker at 5× for 2 s for 60 s', () => {
  const { events } = loadConfig({ env: {}, flags: { 'data-dir': '/tmp/sy-data' } });
  assert.equal(events.amqp, undefined);
  assert.equal(events.spoolFile, '/tmp/sy-data/event-spool.db');
  assert.equal(events.spoolMaxBytes, 1024 * 1024 * 1024);
  assert.equal(events.spoolAccountShare, 0.25);
  assert.equal(events.bodyLimit, 5 * 1024 * 1024);
  assert.equal(events.inflatedLimit, 20 * 1024 * 1024);
  assert.deepEqual(events.breaker, { factor: 5, tripAfterMs: 2000, expiryMs: 60_000 });
  assert.equal(
    events.parseThreads,
    Math.min(4, availableParallelism() - 1),
    'one fewer than the cores, at most 4',
  );
  assert.equal(
    loadConfig({ env: { SWITCHYARD_EVENTS_PARSE_THREADS: '0' }, flags: {} }).events.parseThreads,
    0,
    '0 parses on the event loop',
  );
  assert.ok(Object.isFrozen(events) && Object.isFrozen(events.breaker));
});

test('AMQP_URL selects RabbitMQ, with its prefix, shards and queue type', () => {
  const { events } = loadConfig({
    env: {
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      SWITCHYARD_AMQP_PREFIX: 'prod.events',
      SWITCHYARD_AMQP_SHARDS: '16',
      SWITCHYARD_AMQP_QUEUE_TYPE: 'quorum',
    },
    flags: {},
  });
  assert.deepEqual(events.amqp, {
    url: 'amqp://guest:guest@127.0.0.1:5672',
    prefix: 'prod.events',
    shards: 16,
    queueType: 'quorum',
  });
});

test('a bad event setting names the variable and the reason', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ AMQP_URL: 'http://rabbit' }, /AMQP_URL must start with amqp:\/\/ or amqps:\/\//],
    [{ AMQP_URL: 'not a url' }, /AMQP_URL is not a URL/],
    [
      { AMQP_URL: 'amqp://h', SWITCHYARD_AMQP_QUEUE_TYPE: 'stream' },
      /SWITCHYARD_AMQP_QUEUE_TYPE must be one of classic, quorum/,
    ],
    [{ AMQP_URL: 'amqp://h', SWITCHYARD_AMQP_PREFIX: 'a b' }, /SWITCHYARD_AMQP_PREFIX may hold/],
    [{ SWITCHYARD_SPOOL_MAX_BYTES: '10' }, /SWITCHYARD_SPOOL_MAX_BYTES must be between/],
    [{ SWITCHYARD_SPOOL_ACCOUNT_SHARE: '2' }, /SWITCHYARD_SPOOL_ACCOUNT_SHARE must be between 0.01 and 1/],
    [{ SWITCHYARD_SPOOL_ACCOUNT_SHARE: 'half' }, /SWITCHYARD_SPOOL_ACCOUNT_SHARE must be a number/],
    [{ SWITCHYARD_EVENTS_BODY_LIMIT: '5MB' }, /SWITCHYARD_EVENTS_BODY_LIMIT must be a whole number/],
    [
      { SWITCHYARD_EVENTS_BODY_LIMIT: '2000000', SWITCHYARD_EVENTS_INFLATED_LIMIT: '100000' },
      /SWITCHYARD_EVENTS_INFLATED_LIMIT must be at least SWITCHYARD_EVENTS_BODY_LIMIT \(2000000\)/,
    ],
    [{ SWITCHYARD_EVENTS_PARSE_THREADS: '17' }, /SWITCHYARD_EVENTS_PARSE_THREADS must be between 0 and 16/],
    [{ SWITCHYARD_BREAKER_FACTOR: '0.5' }, /SWITCHYARD_BREAKER_FACTOR must be between 1 and 1000/],
    [{ SWITCHYARD_BREAKER_EXPIRY_SECONDS: 'soon' }, /SWITCHYARD_BREAKER_EXPIRY_SECONDS must be a number/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig({ env, flags: {} }),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(env),
    );
  }
});
