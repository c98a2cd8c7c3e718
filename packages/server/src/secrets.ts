import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Secrets } from '@switchyard/control-plane';

/** Credentials in LaunchDarkly's shapes, so existing tooling recognises them. */
export const nodeSecrets: Secrets = {
  newSdkKey: () => `sdk-${randomUUID()}`,
  newMobileKey: () => `mob-${randomUUID()}`,
  newClientSideId: () => randomBytes(12).toString('hex'),
  newApiToken: () => `sy-${randomBytes(24).toString('base64url')}`,
  newSalt: () => randomBytes(16).toString('hex'),
  hashToken: (token) => createHash('sha256').update(token).digest('hex'),
};
