import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
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
    kind: 'token',
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
  assert.equal(asReader.json().role, 'reader');
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
  assert.equal(current.json().role, 'reader');
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
