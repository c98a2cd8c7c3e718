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
