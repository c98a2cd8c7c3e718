import type { JsonValue } from '@switchyard/engine';
import type { ClientSideAvailability, Flag } from './domain.js';
import { invalidData } from './errors.js';
import { checkVariations } from './validation.js';

export interface NewFlag {
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly temporary?: boolean;
  /** Defaults to a boolean flag: [true, false]. */
  readonly variations?: readonly JsonValue[];
  readonly clientSideAvailability?: Partial<ClientSideAvailability>;
}

const BOOLEAN: readonly JsonValue[] = [true, false];

/** Refuses (INVALID_DATA) a new flag whose variations are not usable. */
export function checkNewFlag(input: NewFlag): void {
  const issues: { path: string; message: string }[] = [];
  checkVariations(input.variations ?? BOOLEAN, '/variations', issues);
  if (issues.length > 0) throw invalidData(`Flag "${input.key}" has invalid variations`, issues);
}

/** The flag `input` describes, created `now`. */
export function newFlag(projectKey: string, input: NewFlag, now: Date): Flag {
  return {
    projectKey,
    key: input.key,
    name: input.name,
    description: input.description ?? '',
    tags: input.tags ?? [],
    temporary: input.temporary ?? true,
    variations: input.variations ?? BOOLEAN,
    clientSideAvailability: {
      usingMobileKey: input.clientSideAvailability?.usingMobileKey ?? false,
      usingEnvironmentId: input.clientSideAvailability?.usingEnvironmentId ?? false,
    },
    archived: false,
    createdAt: now.toISOString(),
    version: 1,
  };
}
