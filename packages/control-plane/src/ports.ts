/** The small ports the control plane needs besides its store, implemented by the server. */

export interface Clock {
  now(): Date;
}

/** Generates credentials and hashes API tokens (so plain tokens are never stored). */
export interface Secrets {
  newSdkKey(): string;
  newMobileKey(): string;
  newClientSideId(): string;
  newApiToken(): string;
  newSalt(): string;
  hashToken(token: string): string;
}

/** Slow, salted password hashing (scrypt in the server). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `stored`. With `stored` undefined (no such user) it still
   * does the work of a check against a dummy hash and answers false, so timing does not
   * reveal which emails exist.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
}
