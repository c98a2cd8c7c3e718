import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { buildProgram } from '../src/program.js';
import { type CliHome, cliHome } from './support/run-cli.js';

let s: TestServer;
let home: CliHome;

before(async () => {
  s = await startTestServer('sqlite');
  home = await cliHome();
  const made = await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  assert.equal(made.status, 201);
});
after(async () => {
  await home.close();
  await s.close();
});

test('login reads the token from stdin, checks it, and saves it with the URL in a 0600 file', async () => {
  const result = await home.run(['login', s.url, '--json'], { input: `${ADMIN_TOKEN}\n` });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.json(), {
    profile: 'default',
    url: s.url,
    role: 'admin',
    project: 'shop',
    env: 'production',
  });
  const file = await stat(home.configFile);
  assert.equal(file.mode & 0o777, 0o600);
  const saved = JSON.parse(await readFile(home.configFile, 'utf8'));
  assert.equal(saved.current, 'default');
  assert.deepEqual(saved.profiles.default, {
    url: s.url,
    token: ADMIN_TOKEN,
    project: 'shop',
    env: 'production',
  });
});

test('whoami answers from the saved profile; SWITCHYARD_URL and SWITCHYARD_TOKEN override it', async () => {
  const who = await home.run(['whoami', '--json']);
  assert.equal(who.code, 0, who.stderr);
  assert.equal(who.json().url, s.url);
  assert.equal(who.json().tokenFrom, 'config');
  const optionsFirst = await home.run(['--profile', 'default', '--json', 'whoami']);
  assert.equal(optionsFirst.code, 0, optionsFirst.stderr);
  assert.equal(optionsFirst.json().profile, 'default');
  assert.deepEqual(who.json().projects, ['shop', 'switchyard-system']);
  const overridden = await home.run(['whoami', '--json'], {
    env: { SWITCHYARD_URL: 'http://127.0.0.1:1', SWITCHYARD_TOKEN: ADMIN_TOKEN },
  });
  assert.equal(overridden.code, 1);
  assert.match(overridden.stderr, /Cannot reach the Switchyard server at http:\/\/127\.0\.0\.1:1/);
  const reader = await s.api('POST', '/api/v1/tokens', { name: 'ci reader', role: 'reader' });
  const asReader = await home.run(['whoami', '--json'], { env: { SWITCHYARD_TOKEN: reader.body.token } });
  assert.equal(asReader.code, 0, asReader.stderr);
  assert.equal(asReader.json().role, 'reader or writer');
  assert.equal(asReader.json().tokenFrom, 'SWITCHYARD_TOKEN');
});

test('--profile keeps several servers apart; login makes its profile current; logout forgets it', async () => {
  const reader = await s.api('POST', '/api/v1/tokens', { name: 'staging reader', role: 'reader' });
  const login = await home.run([
    'login',
    s.url,
    '--profile',
    'staging',
    '--token',
    reader.body.token,
    '--env',
    'test',
    '--json',
  ]);
  assert.equal(login.code, 0, login.stderr);
  const saved = JSON.parse(await readFile(home.configFile, 'utf8'));
  assert.equal(saved.current, 'staging');
  assert.deepEqual(Object.keys(saved.profiles), ['default', 'staging']);
  assert.equal(saved.profiles.staging.token, reader.body.token);
  assert.equal(saved.profiles.default.token, ADMIN_TOKEN);
  const current = await home.run(['whoami', '--json']);
  assert.equal(current.json().profile, 'staging');
  assert.equal(current.json().role, 'reader or writer');
  assert.equal(current.json().env, 'test');
  const other = await home.run(['whoami', '--profile', 'default', '--json']);
  assert.equal(other.json().role, 'admin');
  const refused = await home.run(['flags', 'create', 'x', '--project', 'shop']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /FORBIDDEN/);
  assert.equal((await home.run(['logout', '--profile', 'staging'])).code, 0);
  const after = JSON.parse(await readFile(home.configFile, 'utf8'));
  assert.deepEqual(Object.keys(after.profiles), ['default']);
  assert.equal((await home.run(['whoami', '--json'])).json().profile, 'default');
});

test('a bad token exits 1 with the API message and code, and a failed login saves nothing', async () => {
  const bad = await home.run(['whoami'], { env: { SWITCHYARD_TOKEN: 'not-a-real-token-000000' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /The API token is unknown or revoked \(UNAUTHORIZED\)/);
  const json = await home.run(['flags', 'list', '--json'], {
    env: { SWITCHYARD_TOKEN: 'nope-nope-nope-nope' },
  });
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stderr).error.code, 'UNAUTHORIZED');
  const before = await readFile(home.configFile, 'utf8');
  const login = await home.run(['login', s.url, '--profile', 'other', '--token', 'wrong-token-wrong-token']);
  assert.equal(login.code, 1);
  assert.equal(await readFile(home.configFile, 'utf8'), before);
});

test('an unreachable server exits 1 with a message naming the URL', async () => {
  const result = await home.run(['login', 'http://127.0.0.1:1', '--token', ADMIN_TOKEN]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /Cannot reach the Switchyard server at http:\/\/127\.0\.0\.1:1 \(.+\) \(UNREACHABLE\)/,
  );
});

test('usage mistakes exit 2: an unknown subcommand, a missing argument, an unknown option, no project', async () => {
  for (const args of [
    ['flags', 'explode'],
    ['flags', 'get'],
    ['flags', 'list', '--colour'],
    ['login', 'not a url', '--token', 'x'],
  ]) {
    const result = await home.run(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.notEqual(result.stderr, '');
  }
  const noProject = await home.run(['flags', 'list'], {
    env: { XDG_CONFIG_HOME: join(home.dir, 'empty'), SWITCHYARD_URL: s.url, SWITCHYARD_TOKEN: ADMIN_TOKEN },
  });
  assert.equal(noProject.code, 2);
  assert.match(noProject.stderr, /No project: pass --project KEY/);
});

test('every command has --help with an example, and the binary prints it with exit 0', async () => {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {} };
  const walk = (command: ReturnType<typeof buildProgram>): ReturnType<typeof buildProgram>[] => [
    command,
    ...command.commands.flatMap(walk),
  ];
  const commands = walk(buildProgram(io)).slice(1);
  assert.ok(commands.length >= 35, `${commands.length} commands`);
  for (const command of commands) {
    let text = '';
    command.configureOutput({ writeOut: (t) => (text += t) });
    command.outputHelp();
    assert.match(text, /Example:\n {2}\$ switchyard /, `${command.name()} has an example`);
  }
  const help = await home.run(['flags', 'target', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--add <keys>[\s\S]*Example:\n {2}\$ switchyard flags target/);
  const top = await home.run(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /Usage: switchyard serve[\s\S]*switchyard login\|use\|whoami\|flags/);
});

test('use saves defaults; flags create, list, get, toggle and archive work on them', async () => {
  assert.equal((await home.run(['use', '--env', 'test'])).code, 0);
  assert.equal(JSON.parse(await readFile(home.configFile, 'utf8')).profiles.default.env, 'test');
  assert.equal((await home.run(['use', '--env', 'production'])).code, 0);
  const created = await home.run([
    'flags',
    'create',
    'new-checkout',
    '--name',
    'New checkout',
    '--tag',
    'checkout',
    '--json',
  ]);
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(created.json().flag.variations, [true, false]);
  const tier = await home.run(['flags', 'create', 'tier', '--variations', '["free","pro"]', '--json']);
  assert.deepEqual(tier.json().flag.variations, ['free', 'pro']);
  const on = await home.run(['flags', 'toggle', 'new-checkout', '--on', '--json']);
  assert.equal(on.json().on, true);
  assert.equal(
    (await s.api('GET', '/api/v1/projects/shop/flags/new-checkout')).body.environments.production.on,
    true,
  );
  const list = await home.run(['flags', 'list', '--json']);
  assert.deepEqual(
    list.json().map((f: { key: string; on: boolean }) => [f.key, f.on]),
    [
      ['new-checkout', true],
      ['tier', false],
    ],
  );
  const table = await home.run(['flags', 'list', '--tag', 'checkout']);
  assert.match(
    table.stdout,
    /^KEY +NAME +PRODUCTION +VARIATIONS +TAGS\nnew-checkout +New checkout +on +true false +checkout\n$/,
  );
  assert.ok(!table.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
  const got = await home.run(['flags', 'get', 'new-checkout', '--env', 'test', '--json']);
  assert.equal(got.json().environments.test.on, false);
  const archived = await home.run(['flags', 'archive', 'tier', '--json']);
  assert.equal(archived.json().archived, true);
  const left = await home.run(['flags', 'list', '--json']);
  assert.deepEqual(
    left.json().map((f: { key: string }) => f.key),
    ['new-checkout'],
  );
});

test('a bad or unknown flag key exits 1 with the API code', async () => {
  const unknown = await home.run(['flags', 'get', 'no-such-flag']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Flag "shop\/no-such-flag" does not exist \(NOT_FOUND\)/);
  const bad = await home.run(['flags', 'create', 'bad key!', '--json']);
  assert.equal(bad.code, 1);
  const error = JSON.parse(bad.stderr).error;
  assert.equal(error.code, 'VALIDATION_FAILED');
  assert.ok(
    error.details.some((d: { path: string }) => d.path === '/key'),
    JSON.stringify(error),
  );
});

test('flags target adds and removes keys by variation value and kind', async () => {
  const added = await home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'acme,globex',
    '--variation',
    'true',
    '--kind',
    'account',
    '--json',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json().contextTargets, [
    { contextKind: 'account', variation: 0, values: ['acme', 'globex'] },
  ]);
  const users = await home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'u1',
    '--variation',
    'false',
    '--json',
  ]);
  assert.deepEqual(users.json().targets, [{ contextKind: 'user', variation: 1, values: ['u1'] }]);
  const moved = await home.run([
    'flags',
    'target',
    'new-checkout',
    '--add',
    'globex',
    '--variation',
    'false',
    '--kind',
    'account',
    '--json',
  ]);
  assert.deepEqual(moved.json().contextTargets, [
    { contextKind: 'account', variation: 0, values: ['acme'] },
    { contextKind: 'account', variation: 1, values: ['globex'] },
  ]);
  const removed = await home.run([
    'flags',
    'target',
    'new-checkout',
    '--remove',
    'globex',
    '--kind',
    'account',
    '--json',
  ]);
  assert.deepEqual(removed.json().contextTargets, [
    { contextKind: 'account', variation: 0, values: ['acme'] },
  ]);
  const wrong = await home.run(['flags', 'target', 'new-checkout', '--add', 'x', '--variation', '"blue"']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /has no variation "blue"; its variations are true, false/);
});

test('flags rules add from a clause or a JSON file, list and remove', async () => {
  const added = await home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--clause',
    'user.email endsWith @acme.com',
    '--clause',
    'user.age greaterThan 17',
    '--serve',
    'false',
    '--id',
    'acme-staff',
    '--json',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json().rules[0], {
    id: 'acme-staff',
    clauses: [
      { contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@acme.com'], negate: false },
      { contextKind: 'user', attribute: 'age', op: 'greaterThan', values: [17], negate: false },
    ],
    variation: 1,
    trackEvents: false,
  });
  const file = join(home.dir, 'rule.json');
  await writeFile(
    file,
    JSON.stringify({ id: 'beta', clauses: [{ op: 'segmentMatch', values: ['beta'] }], variation: 0 }),
  );
  const fromFile = await home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--file',
    file,
    '--position',
    '0',
    '--json',
  ]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(
    fromFile.json().rules.map((r: { id: string }) => r.id),
    ['beta', 'acme-staff'],
  );
  const listed = await home.run(['flags', 'rules', 'list', 'new-checkout']);
  assert.match(
    listed.stdout,
    /1 +acme-staff +user\.email endsWith @acme\.com and user\.age greaterThan 17 → false/,
  );
  const removed = await home.run(['flags', 'rules', 'remove', 'new-checkout', 'beta', '--json']);
  assert.deepEqual(
    removed.json().rules.map((r: { id: string }) => r.id),
    ['acme-staff'],
  );
  const bad = await home.run([
    'flags',
    'rules',
    'add',
    'new-checkout',
    '--clause',
    'user.email resembles x',
    '--serve',
    'true',
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"resembles" is not an operator/);
});

test('evaluate answers through OFREP what the targeting serves', async () => {
  const acme = await home.run(['evaluate', 'new-checkout', '--key', 'acme', '--kind', 'account', '--json']);
  assert.equal(acme.code, 0, acme.stderr);
  assert.equal(acme.json().value, true);
  assert.equal(acme.json().reason, 'TARGETING_MATCH');
  const staff = await home.run([
    'evaluate',
    'new-checkout',
    '--context',
    '{"key":"u9","email":"a@acme.com","age":30}',
    '--json',
  ]);
  assert.equal(staff.json().value, false);
  assert.equal(staff.json().metadata.ruleId, 'acme-staff');
  const missing = await home.run(['evaluate', 'no-such-flag', '--key', 'u1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /FLAG_NOT_FOUND/);
});

test("flags history lists the flag's audit entries, newest first", async () => {
  const history = await home.run(['flags', 'history', 'new-checkout', '--json']);
  assert.equal(history.code, 0, history.stderr);
  const actions = history.json().map((e: { action: string }) => e.action);
  assert.equal(actions.at(-1), 'flag.create');
  assert.ok(actions.includes('flag.turn-on'), actions.join());
  assert.ok(history.json().every((e: { resourceKey: string }) => e.resourceKey === 'new-checkout'));
});
