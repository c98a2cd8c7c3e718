/**
 * Switchyard's vocabulary (DESIGN.md §2): accounts own projects, projects own
 * environments and flags, environments hold each flag's targeting and the segments.
 */
import type {
  ClauseJson,
  JsonValue,
  PrerequisiteJson,
  RolloutJson,
  SegmentRuleJson,
  SegmentTargetJson,
  TargetJson,
  VariationOrRolloutJson,
} from '@switchyard/engine';

export type Role = 'reader' | 'writer' | 'admin';

export interface AccountLimits {
  readonly eventsPerMonth?: number;
  readonly eventsPerSecond?: number;
}

export interface Account {
  readonly key: string;
  readonly name: string;
  /** The account's plan (e.g. "standard", "enterprise"); operational flags may target it. */
  readonly plan: string;
  readonly limits: AccountLimits;
  readonly createdAt: string;
}

export interface Project {
  readonly key: string;
  readonly name: string;
  readonly accountKey: string;
  /** The protected project holding the platform's own operational flags. */
  readonly system: boolean;
  readonly createdAt: string;
}

export interface Environment {
  readonly projectKey: string;
  readonly key: string;
  readonly name: string;
  readonly sdkKey: string;
  readonly mobileKey: string;
  readonly clientSideId: string;
  /** Client-side requests must carry the secure-mode hash of their context. */
  readonly secureMode: boolean;
  /**
   * The environment's monotonic data version. Every flag or segment change in the
   * environment takes the next value as its item version, so versions only grow,
   * even across a delete and a re-creation (reference/ld-protocol.md §10).
   */
  readonly dataVersion: number;
  readonly createdAt: string;
}

export interface ClientSideAvailability {
  readonly usingMobileKey: boolean;
  readonly usingEnvironmentId: boolean;
}

/** A flag's definition, shared by all environments of its project. */
export interface Flag {
  readonly projectKey: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly temporary: boolean;
  readonly variations: readonly JsonValue[];
  readonly clientSideAvailability: ClientSideAvailability;
  readonly archived: boolean;
  readonly createdAt: string;
  /** Bumped on every change of the definition (optimistic concurrency). */
  readonly version: number;
}

/** A flag's state in one environment, as a list of flags shows it. */
export interface FlagState {
  readonly key: string;
  readonly on: boolean;
  /** The flag's version as SDKs see it in this environment. */
  readonly version: number;
  /** When the flag's definition or its targeting here last changed (ISO); null before any audited change. */
  readonly lastChangedAt: string | null;
}

/** A flag's targeting in one environment. */
export interface FlagConfig {
  readonly on: boolean;
  readonly offVariation: number | null;
  readonly fallthrough: VariationOrRolloutJson;
  readonly targets: readonly TargetJson[];
  readonly contextTargets: readonly TargetJson[];
  readonly rules: readonly FlagRuleConfig[];
  readonly prerequisites: readonly PrerequisiteJson[];
  readonly salt: string;
  readonly trackEvents: boolean;
  readonly trackEventsFallthrough: boolean;
  readonly debugEventsUntilDate: number | null;
  /** The flag's version as SDKs see it in this environment. */
  readonly version: number;
}

export interface FlagRuleConfig {
  readonly id: string;
  readonly clauses: readonly ClauseJson[];
  readonly variation?: number;
  readonly rollout?: RolloutJson;
  readonly trackEvents: boolean;
}

export interface Segment {
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly included: readonly string[];
  readonly excluded: readonly string[];
  readonly includedContexts: readonly SegmentTargetJson[];
  readonly excludedContexts: readonly SegmentTargetJson[];
  readonly rules: readonly SegmentRuleJson[];
  readonly salt: string;
  readonly unbounded: boolean;
  readonly unboundedContextKind: string | null;
  readonly generation: number | null;
  readonly version: number;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Limits the token to one project; null for every project. */
  readonly projectKey: string | null;
  readonly createdAt: string;
}

/** A person who signs in to the dashboard; the same roles and project scope as an API token. */
export interface User {
  readonly id: string;
  /** Lower-cased; unique. */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Limits the user to one project; null for every project. */
  readonly projectKey: string | null;
  /** A disabled user cannot sign in, and their sessions are ended. */
  readonly disabled: boolean;
  readonly createdAt: string;
}

export type Actor =
  | { readonly kind: 'token'; readonly id: string; readonly name: string }
  | { readonly kind: 'user'; readonly id: string; readonly name: string; readonly email: string }
  | { readonly kind: 'system'; readonly name: string };

/** What an operator overrides for one account, for a while: the operational flag it targets. */
export type OverrideKind = 'kill-switch' | 'sampling' | 'per-second-limit';
/** How an override ended: lifted by someone, expired by itself, or replaced by a newer one. */
export type OverrideEnd = 'lifted' | 'expired' | 'replaced';

/** A temporary override of one operational flag for one account (a cut-off, a sampling ratio, a limit). */
export interface AccountOverride {
  readonly id: string;
  readonly accountKey: string;
  readonly kind: OverrideKind;
  /** The value the flag serves the account: false for a cut-off, the ratio, the events per second. */
  readonly value: boolean | number;
  readonly reason: string;
  readonly setAt: string;
  readonly setBy: Actor;
  /** ISO; null: until lifted. */
  readonly expiresAt: string | null;
  readonly endedAt: string | null;
  readonly endedBy: Actor | null;
  readonly end: OverrideEnd | null;
}

export type ResourceKind = 'account' | 'project' | 'environment' | 'flag' | 'segment' | 'token' | 'user';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly resourceKind: ResourceKind;
  readonly projectKey: string | null;
  readonly environmentKey: string | null;
  readonly resourceKey: string;
  readonly before: JsonValue;
  readonly after: JsonValue;
  /** Why the change was made, as the person making it wrote it; null when they gave no reason. */
  readonly comment: string | null;
}

/** What reached SDKs' data: one committed change of one flag or segment in one environment. */
export interface Change {
  readonly seq: number;
  readonly projectKey: string;
  readonly environmentKey: string;
  readonly kind: 'flag' | 'segment';
  readonly key: string;
  readonly version: number;
  readonly deleted: boolean;
  readonly at: string;
}
