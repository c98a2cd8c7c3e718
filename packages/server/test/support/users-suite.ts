/**
 * Users and sessions over real HTTP: first-run setup, sign-in and out with a session
 * cookie, CSRF on cookie writes, throttled guessing, disabled users, roles, and the
 * audit log naming the person. Run against each store backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CookieClient, send } from './cookie-client.js';
import { type Backend, startTestServer, type TestServer } from './test-server.js';

const PASSWORD = 'correct horse battery staple';

export function describeUsers(backend: Backend, available: () => Promise<boolean>): void {
  describe(`users and sessions on ${backend}`, async () => {
    if (!(await available())) throw new Error(`${backend} is required for these tests but is not reachable`);
    let s: TestServer;
    before(async () => {
      s = await startTestServer(backend);
      await s.api('POST', '/api/v1/projects', { key: 'shop', name: 'Shop' });
      await s.api('POST', '/api/v1/projects/shop/flags', { key: 'checkout', name: 'Checkout' });
    });
    after(() => s.close());

    const newUser = async (email: string, role: string, password = PASSWORD) => {
      const r = await s.api('POST', '/api/v1/users', { email, name: email.split('@')[0], role, password });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string };
    };

    test('first-run setup creates the first admin once, and that admin signs in and out', async () => {
      const setupUrl = s.server.setupUrl;
      assert.ok(setupUrl, 'a server with no user prints a first-run link');
      assert.match(setupUrl, /\/setup#token=/);
      const token = new URL(setupUrl).hash.slice('#token='.length);

      const wrong = await send(s.url, 'POST', '/api/v1/setup', {
        body: { token: 'not-the-token', email: 'ada@example.com', name: 'Ada', password: PASSWORD },
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'SETUP_TOKEN_INVALID');

      const made = await send(s.url, 'POST', '/api/v1/setup', {
        body: { token, email: 'Ada@Example.com', name: 'Ada', password: PASSWORD },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.user.role, 'admin');
      assert.equal(made.body.user.email, 'ada@example.com');
      assert.equal(made.body.user.passwordHash, undefined, 'the hash is never answered');

      const again = await send(s.url, 'POST', '/api/v1/setup', {
        body: { token, email: 'eve@example.com', name: 'Eve', password: PASSWORD },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'SETUP_ALREADY_DONE');

      const ada = new CookieClient(s.url);
      const signedIn = await ada.signIn('ada@example.com', PASSWORD);
      assert.equal(signedIn.status, 200);
      const cookie = signedIn.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^sy_session=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Secure/, 'not Secure unless SWITCHYARD_SECURE_COOKIES=true');
      assert.equal(typeof signedIn.body.csrfToken, 'string');

      const me = await ada.call('GET', '/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.kind, 'user');
      assert.equal(me.body.email, 'ada@example.com');
      assert.equal(me.body.role, 'admin');
      assert.equal(me.body.csrfToken, signedIn.body.csrfToken);

      const byToken = await s.api('GET', '/api/v1/me');
      assert.equal(byToken.body.kind, 'token');
      assert.equal(byToken.body.csrfToken, undefined);

      const out = await ada.call('POST', '/api/v1/sign-out');
      assert.equal(out.status, 204);
      const after = await ada.call('GET', '/api/v1/me');
      assert.equal(after.status, 401, 'the session ended on the server, not only in the browser');
    });

    test('a write by cookie without the CSRF token is refused; with it, it is audited under the person', async () => {
      await newUser('bob@example.com', 'writer');
      const bob = new CookieClient(s.url);
      assert.equal((await bob.signIn('bob@example.com', PASSWORD)).status, 200);
      const path = '/api/v1/projects/shop/flags/checkout/environments/production/toggle';

      const forged = await bob.call('POST', path, { on: true }, false);
      assert.equal(forged.status, 403);
      assert.equal(forged.body.code, 'CSRF_TOKEN_MISMATCH');
      const flag = await s.api('GET', '/api/v1/projects/shop/flags/checkout');
      assert.equal(flag.body.environments.production.on, false, 'the refused write changed nothing');

      const ok = await bob.call('POST', path, { on: true, comment: 'by hand' });
      assert.equal(ok.status, 200);
      const log = await s.api('GET', '/api/v1/audit?project=shop&flag=checkout&limit=1');
      const [entry] = log.body.items;
      assert.equal(entry.action, 'flag.turn-on');
      assert.equal(entry.actor.kind, 'user');
      assert.equal(entry.actor.name, 'bob');
      assert.equal(entry.actor.email, 'bob@example.com');
      assert.equal(entry.comment, 'by hand');

      const bearer = await s.api('POST', path, { on: false });
      assert.equal(bearer.status, 200, 'a bearer token needs no CSRF token');
    });

    test('a reader user cannot toggle a flag', async () => {
      await newUser('rita@example.com', 'reader');
      const rita = new CookieClient(s.url);
      await rita.signIn('rita@example.com', PASSWORD);
      assert.equal((await rita.call('GET', '/api/v1/projects/shop/flags')).status, 200);
      const r = await rita.call(
        'POST',
        '/api/v1/projects/shop/flags/checkout/environments/production/toggle',
        {
          on: true,
        },
      );
      assert.equal(r.status, 403);
      assert.equal(r.body.code, 'FORBIDDEN');
      assert.equal((await rita.call('GET', '/api/v1/users')).status, 403, 'only admins manage users');
    });

    test('an unknown email is answered like a wrong password, and repeated failures are throttled', async () => {
      await newUser('carol@example.com', 'writer');
      const unknown = await send(s.url, 'POST', '/api/v1/sign-in', {
        body: { email: 'nobody@example.com', password: PASSWORD },
      });
      const wrong = await send(s.url, 'POST', '/api/v1/sign-in', {
        body: { email: 'carol@example.com', password: 'not her password' },
      });
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.body, wrong.body, 'the same answer, so emails cannot be discovered');
      assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
      for (let i = 0; i < 4; i++) {
        const r = await send(s.url, 'POST', '/api/v1/sign-in', {
          body: { email: 'carol@example.com', password: `guess ${i}` },
        });
        assert.equal(r.status, 401);
      }
      const throttled = await send(s.url, 'POST', '/api/v1/sign-in', {
        body: { email: 'carol@example.com', password: PASSWORD },
      });
      assert.equal(throttled.status, 429, 'after 5 failures even the right password waits');
      assert.equal(throttled.body.code, 'SIGN_IN_THROTTLED');
      assert.ok(Number(throttled.headers.get('retry-after')) > 0);
    });

    test('disabling a user ends their session, and a password reset ends the sessions too', async () => {
      const dan = await newUser('dan@example.com', 'writer');
      const client = new CookieClient(s.url);
      await client.signIn('dan@example.com', PASSWORD);
      assert.equal((await client.call('GET', '/api/v1/me')).status, 200);
      const disabled = await s.api('PATCH', `/api/v1/users/${dan.id}`, { disabled: true });
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.disabled, true);
      assert.equal((await client.call('GET', '/api/v1/me')).status, 401);
      const refused = await send(s.url, 'POST', '/api/v1/sign-in', {
        body: { email: 'dan@example.com', password: PASSWORD },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'USER_DISABLED');

      await s.api('PATCH', `/api/v1/users/${dan.id}`, { disabled: false });
      await client.signIn('dan@example.com', PASSWORD);
      assert.equal((await client.call('GET', '/api/v1/me')).status, 200);
      const next = 'a brand new long password';
      const reset = await s.api('POST', `/api/v1/users/${dan.id}/reset-password`, { password: next });
      assert.equal(reset.status, 204);
      assert.equal((await client.call('GET', '/api/v1/me')).status, 401);
      assert.equal((await client.signIn('dan@example.com', next)).status, 200);
    });

    test('a user changes their own password with the current one', async () => {
      await newUser('erin@example.com', 'reader');
      const erin = new CookieClient(s.url);
      await erin.signIn('erin@example.com', PASSWORD);
      const bad = await erin.call('POST', '/api/v1/me/password', {
        current: 'nope',
        next: 'another long password',
      });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.code, 'INVALID_CREDENTIALS');
      const weak = await erin.call('POST', '/api/v1/me/password', { current: PASSWORD, next: 'short' });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.code, 'WEAK_PASSWORD');
      const old = erin.cookie;
      const ok = await erin.call('POST', '/api/v1/me/password', {
        current: PASSWORD,
        next: 'another long password',
      });
      assert.equal(ok.status, 200);
      const stale = await send(s.url, 'GET', '/api/v1/me', { headers: { cookie: old ?? '' } });
      assert.equal(stale.status, 401, 'the old session ended');
      const fresh = await send(s.url, 'GET', '/api/v1/me', {
        headers: { cookie: (ok.headers.get('set-cookie') ?? '').split(';')[0] ?? '' },
      });
      assert.equal(fresh.status, 200, 'the change answered with a new session');
    });

    test('users are listed, read and changed by an admin; a project-scoped user sees only that project', async () => {
      await s.api('POST', '/api/v1/projects', { key: 'other', name: 'Other' });
      const fay = await newUser('fay@example.com', 'writer');
      const scoped = await s.api('PATCH', `/api/v1/users/${fay.id}`, { projectKey: 'shop', role: 'reader' });
      assert.equal(scoped.body.projectKey, 'shop');
      assert.equal((await s.api('GET', `/api/v1/users/${fay.id}`)).body.role, 'reader');
      const list = await s.api('GET', '/api/v1/users');
      assert.ok(list.body.items.some((u: { email: string }) => u.email === 'fay@example.com'));
      assert.ok(list.body.items.every((u: object) => !('passwordHash' in u)));
      const client = new CookieClient(s.url);
      await client.signIn('fay@example.com', PASSWORD);
      const projects = await client.call('GET', '/api/v1/projects');
      assert.deepEqual(
        projects.body.items.map((p: { key: string }) => p.key),
        ['shop'],
      );
      assert.equal((await client.call('GET', '/api/v1/me')).body.projectKey, 'shop');
      assert.equal((await client.call('GET', '/api/v1/projects/shop/flags')).status, 200);
      assert.equal((await client.call('GET', '/api/v1/projects/other/flags')).status, 403);
      const dup = await s.api('POST', '/api/v1/users', {
        email: 'FAY@example.com',
        name: 'F',
        role: 'reader',
        password: PASSWORD,
      });
      assert.equal(dup.status, 409);
    });

    test('the last active admin for every project cannot be demoted, scoped or disabled (LAST_ADMIN)', async () => {
      const users = (await s.api('GET', '/api/v1/users')).body.items as Array<Record<string, unknown>>;
      const ada = users.find((u) => u.email === 'ada@example.com');
      assert.ok(ada, 'the first-run admin exists (first test)');
      const change = (id: unknown, body: object) => s.api('PATCH', `/api/v1/users/${String(id)}`, body);
      await s.api('POST', '/api/v1/users', {
        email: 'hal@example.com',
        name: 'Hal',
        role: 'admin',
        projectKey: 'shop',
        password: PASSWORD,
      });
      for (const body of [{ role: 'writer' }, { projectKey: 'shop' }, { disabled: true }]) {
        const refused = await change(ada.id, body);
        assert.equal(refused.status, 409, `${JSON.stringify(body)}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.code, 'LAST_ADMIN', 'an admin scoped to one project does not count');
      }
      const still = (await s.api('GET', `/api/v1/users/${String(ada.id)}`)).body;
      assert.deepEqual([still.role, still.projectKey, still.disabled], ['admin', null, false]);
      assert.equal((await change(ada.id, { name: 'Ada L.' })).status, 200, 'a rename is no demotion');

      const ivy = await newUser('ivy@example.com', 'admin');
      assert.equal((await change(ada.id, { role: 'writer' })).status, 200, 'with a second admin, allowed');
      const last = await change(ivy.id, { disabled: true });
      assert.equal(last.status, 409);
      assert.equal(last.body.code, 'LAST_ADMIN');
      assert.equal((await change(ada.id, { role: 'admin' })).status, 200);
    });

    test('two admins demoting each other at once: one change wins, the other is LAST_ADMIN', async () => {
      const all = (await s.api('GET', '/api/v1/users')).body.items as Array<Record<string, unknown>>;
      for (const u of all.filter((u) => u.role === 'admin' && u.projectKey === null))
        await s.api('PATCH', `/api/v1/users/${String(u.id)}`, { projectKey: 'shop' }); // the last one stays
      for (let round = 0; round < 5; round++) {
        const pair = [
          await newUser(`pat${round}@example.com`, 'admin'),
          await newUser(`sam${round}@example.com`, 'admin'),
        ];
        const left = (await s.api('GET', '/api/v1/users')).body.items as Array<Record<string, unknown>>;
        for (const u of left.filter(
          (u) => u.role === 'admin' && u.projectKey === null && !pair.some((p) => p.id === u.id),
        ))
          assert.equal(
            (await s.api('PATCH', `/api/v1/users/${String(u.id)}`, { role: 'writer' })).status,
            200,
          );
        const answers = await Promise.all(
          pair.map((u) => s.api('PATCH', `/api/v1/users/${u.id}`, { role: 'writer' })),
        );
        assert.deepEqual(
          answers.map((a) => a.status).sort(),
          [200, 409],
          `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`,
        );
      }
    });
  });
}
