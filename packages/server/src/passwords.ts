/**
 * Password hashing with scrypt from node:crypto (docs/adr/0012): N=2^15, r=8, p=1, a
 * 16-byte random salt and a 32-byte key, stored as `scrypt$N$r$p$salt$key` (base64url)
 * so the parameters can be raised later without invalidating stored hashes.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '@switchyard/control-plane';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes (32 MiB here); Node's default cap (32 MiB) is just short of it. */
const MAX_MEM = 64 * 1024 * 1024;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEM };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

async function hash(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** The scrypt PasswordHasher; unknown users are checked against a dummy hash made at start. */
export async function scryptPasswords(): Promise<PasswordHasher> {
  const dummy = await hash(randomBytes(SALT_BYTES).toString('hex'));
  return {
    hash,
    async verify(password, stored) {
      const parsed = parse(stored ?? dummy) ?? parse(dummy);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.params);
      const equal = key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
      return equal && stored !== undefined;
    },
  };
}
