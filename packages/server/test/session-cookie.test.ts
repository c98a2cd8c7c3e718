import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { sessionCookie } from '../src/http/admin/session-cookie.js';
import { SignInThrottle } from '../src/http/admin/sign-in-throttle.js';

test('SWITCHYARD_SECURE_COOKIES=true marks the session cookie Secure, and the session lasts SWITCHYARD_SESSION_HOURS', () => {
  const config = loadConfig({
    env: { SWITCHYARD_SECURE_COOKIES: 'true', SWITCHYARD_SESSION_HOURS: '2' },
    flags: {},
  });
  assert.equal(config.secureCookies, true);
  assert.equal(config.sessionMs, 2 * 3_600_000);
  const cookie = sessionCookie('s3cret', new Date(Date.now() + config.sessionMs), {
    secure: config.secureCookies,
  });
  assert.match(cookie, /^sy_session=s3cret; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+; Secure$/);
  assert.equal(loadConfig({ env: {}, flags: {} }).secureCookies, false);
  assert.match(sessionCookie('', new Date(0), { secure: false }), /Max-Age=0/);
});

test('the sign-in throttle counts per address as well as per email, and forgets after its window', () => {
  const throttle = new SignInThrottle({ perEmail: 5, perAddress: 3, windowMs: 1000 });
  for (const email of ['a@x', 'b@x', 'c@x']) throttle.failed(email, '10.0.0.1', 0);
  assert.ok(
    (throttle.retryAfter('d@x', '10.0.0.1', 10) ?? 0) > 0,
    'a fourth email from the same address waits',
  );
  assert.equal(throttle.retryAfter('d@x', '10.0.0.2', 10), undefined, 'another address does not');
  assert.equal(throttle.retryAfter('d@x', '10.0.0.1', 1001), undefined, 'the window slides past');
});
