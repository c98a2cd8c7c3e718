import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scryptPasswords } from '../src/passwords.js';

test('passwords are hashed with scrypt N=2^15, r=8, p=1 and a fresh 16-byte salt, and verified', async () => {
  const passwords = await scryptPasswords();
  const stored = await passwords.hash('correct horse battery staple');
  const [scheme, n, r, p, salt] = stored.split('$');
  assert.deepEqual([scheme, n, r, p], ['scrypt', '32768', '8', '1']);
  assert.equal(Buffer.from(salt ?? '', 'base64url').length, 16);
  assert.notEqual(await passwords.hash('correct horse battery staple'), stored, 'each hash has its own salt');
  assert.equal(await passwords.verify('correct horse battery staple', stored), true);
  assert.equal(await passwords.verify('correct horse battery stapler', stored), false);
});

test('an unknown user (no stored hash) is checked against the dummy hash and never matches', async () => {
  const passwords = await scryptPasswords();
  assert.equal(await passwords.verify('anything at all', undefined), false);
  assert.equal(await passwords.verify('anything at all', 'not-a-hash'), false);
});
