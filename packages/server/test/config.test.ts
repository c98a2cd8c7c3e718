import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { SETTINGS, settingsMarkdown } from '../src/settings.js';

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

test('an empty variable counts as unset, as shells and container files often leave it', () => {
  const config = loadConfig({ env: { SWITCHYARD_BREAKER_EXPIRY_SECONDS: '', PORT: '' }, flags: {} });
  assert.equal(config.events.breaker.expiryMs, 60_000);
  assert.equal(config.port, 8030);
});

test('every declared default is a valid value of its setting', () => {
  for (const [name, descriptor] of Object.entries(SETTINGS)) {
    if ('default' in descriptor) assert.doesNotThrow(() => descriptor.parse(descriptor.default, name), name);
  }
});

test('the server README lists exactly the declared settings', async () => {
  const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const table = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme)?.[1];
  assert.equal(table, settingsMarkdown(), 'regenerate it with `switchyard settings --markdown`');
});

test('no source file reads the environment except through the settings table', async () => {
  const src = join(import.meta.dirname, '..', 'src');
  const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const code = await readFile(join(src, file), 'utf8');
    // The CLI hands process.env to loadConfig; config.ts reads it only through setting().
    if (file !== 'cli.ts') assert.doesNotMatch(code, /process\.env/, file);
    if (file === 'config.ts') assert.doesNotMatch(code, /\benv(\.|\[)/, file);
  }
});

test('new settings: log format, summary interval, shutdown deadline', () => {
  const config = loadConfig({
    env: {
      SWITCHYARD_LOG_FORMAT: 'json',
      SWITCHYARD_LOG_SUMMARY_SECONDS: '5',
      SWITCHYARD_SHUTDOWN_TIMEOUT_MS: '2500',
    },
    flags: {},
  });
  assert.equal(config.logFormat, 'json');
  assert.equal(config.logSummaryMs, 5000);
  assert.equal(config.shutdownTimeoutMs, 2500);
  assert.equal(loadConfig({ env: {}, flags: {} }).shutdownTimeoutMs, 10_000);
  assert.throws(
    () => loadConfig({ env: { SWITCHYARD_LOG_FORMAT: 'xml' }, flags: {} }),
    /SWITCHYARD_LOG_FORMAT must be one of auto, json, pretty/,
  );
  assert.throws(() => loadConfig({ env: {}, flags: { port: 'x' } }), /--port must be a whole number/);
  assert.throws(
    () => loadConfig({ env: { SWITCHYARD_SHUTDOWN_DRAIN_MS: '10000' }, flags: {} }),
    /SWITCHYARD_SHUTDOWN_DRAIN_MS \(10000\) must be shorter than SWITCHYARD_SHUTDOWN_TIMEOUT_MS \(10000\)/,
  );
});
