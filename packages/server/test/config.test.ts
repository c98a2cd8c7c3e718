import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

test('defaults to SQLite in ./data on port 8030', () => {
  const config = loadConfig({ env: {}, flags: {} });
  assert.equal(config.port, 8030);
  assert.equal(config.database.kind, 'sqlite');
  assert.ok(Object.isFrozen(config));
});

test('DATABASE_URL selects PostgreSQL', () => {
  const config = loadConfig({ env: { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }, flags: {} });
  assert.equal(config.database.kind, 'postgres');
});

test('command-line flags win over the environment', () => {
  const config = loadConfig({ env: { PORT: '9000' }, flags: { port: '9100' } });
  assert.equal(config.port, 9100);
});

test('a bad value names the variable and the reason', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SWITCHYARD_ADMIN_TOKEN: 'short' }, /SWITCHYARD_ADMIN_TOKEN must be at least 16/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig({ env, flags: {} }),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
    );
  }
});
