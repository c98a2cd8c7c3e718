/** The `sy_session` cookie: read from the Cookie header, written as Set-Cookie. */
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'sy_session';

export interface CookieOptions {
  /** Adds `Secure` (SWITCHYARD_SECURE_COOKIES): browsers then send it over HTTPS only. */
  readonly secure: boolean;
}

/** The session secret the request's cookies carry, if any. */
export function sessionSecretOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

/** Set-Cookie for a session that lasts until `expiresAt`; an empty secret clears it. */
export function sessionCookie(secret: string, expiresAt: Date, options: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(secret)}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${secret === '' ? 0 : maxAge}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
