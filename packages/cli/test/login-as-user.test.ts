import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { shopServer } from './support/run-cli.js';

const fixture = shopServer();
const PASSWORD = 'correct horse battery staple';

test('login --email signs in as a user, keeps the session in the 0600 file and writes with its CSRF token', async () => {
  const { s, home } = fixture;
  const made = await s.api('POST', '/api/v1/users', {
    email: 'ada@example.com',
    name: 'Ada',
    role: 'writer',
    password: PASSWORD,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  const wrong = await home.run(['login', s.url, '--email', 'ada@example.com', '--profile', 'ada', '--json'], {
    input: 'not the password\n',
  });
  assert.equal(wrong.code, 1);
  assert.equal(JSON.parse(wrong.stderr).error.code, 'INVALID_CREDENTIALS');
  const config = JSON.parse(await readFile(home.configFile, 'utf8'));
  assert.equal(config.profiles.ada, undefined, 'a failed sign-in saves nothing');

  const login = await home.run(['login', s.url, '--email', 'ada@example.com', '--profile', 'ada', '--json'], {
    input: `${PASSWORD}\n`,
  });
  assert.equal(login.code, 0, login.stderr);
  assert.deepEqual(login.json(), {
    profile: 'ada',
    url: s.url,
    kind: 'user',
    role: 'writer',
    project: 'shop',
    env: 'production',
  });
  assert.equal((await stat(home.configFile)).mode & 0o777, 0o600);
  const saved = JSON.parse(await readFile(home.configFile, 'utf8')).profiles.ada;
  assert.equal(saved.token, undefined);
  assert.equal(saved.session.email, 'ada@example.com');
  assert.ok(saved.session.secret.length >= 16 && saved.session.csrfToken.length >= 16, JSON.stringify(saved));
  assert.ok(Date.parse(saved.session.expiresAt) > Date.now());

  const who = await home.run(['whoami', '--json']);
  assert.equal(who.code, 0, who.stderr);
  assert.equal(who.json().kind, 'user');
  assert.equal(who.json().email, 'ada@example.com');
  assert.equal(who.json().role, 'writer');

  // A write with a session cookie is refused without the CSRF token; the CLI sends it.
  const created = await home.run(['flags', 'create', 'by-ada', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const audit = await s.api('GET', '/api/v1/audit?project=shop&flag=by-ada&limit=1');
  assert.deepEqual(audit.body.items[0].actor, {
    kind: 'user',
    id: made.body.id,
    name: 'Ada',
    email: 'ada@example.com',
  });
  // Readers and writers may look at the accounts; only admins may cut one off.
  assert.equal((await home.run(['accounts', 'list'])).code, 0);
  const refused = await home.run(['accounts', 'cut-off', 'default', '--reason', 'spike']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /needs the admin role; your account has writer \(FORBIDDEN\)/);

  const out = await home.run(['logout', '--json']);
  assert.equal(out.code, 0, out.stderr);
  const ended = await fetch(`${s.url}/api/v1/me`, {
    headers: { cookie: `sy_session=${saved.session.secret}` },
  });
  assert.equal(ended.status, 401, 'logout ended the session on the server');
  assert.equal(JSON.parse(await readFile(home.configFile, 'utf8')).profiles.ada, undefined);
});

test('a session that has ended exits 1 and says to sign in again', async () => {
  const { s, home } = fixture;
  const login = await home.run(['login', s.url, '--email', 'ada@example.com', '--profile', 'ada2'], {
    input: `${PASSWORD}\n`,
  });
  assert.equal(login.code, 0, login.stderr);
  const { secret, csrfToken } = JSON.parse(await readFile(home.configFile, 'utf8')).profiles.ada2.session;
  const signOut = await fetch(`${s.url}/api/v1/sign-out`, {
    method: 'POST',
    headers: { cookie: `sy_session=${secret}`, 'x-csrf-token': csrfToken },
  });
  assert.equal(signOut.status, 204);
  const after = await home.run(['flags', 'list', '--profile', 'ada2']);
  assert.equal(after.code, 1);
  assert.match(after.stderr, /Your session has ended; sign in again \(UNAUTHORIZED\)/);
});
