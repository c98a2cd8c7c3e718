import type { JsonValue } from '@switchyard/engine';
import type { WriteOptions } from './audit.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, ClientSideAvailability, Flag, FlagConfig, FlagState } from './domain.js';
import { alreadyExists, ControlPlaneError, invalidData, notFound, versionConflict } from './errors.js';
import {
  changeTargeting,
  type TargetingChange,
  type TargetingInput,
  targetingFromInput,
} from './flag-targeting.js';
import { insertFlag } from './insert-flag.js';
import { checkNewFlag, type NewFlag, newFlag } from './new-flag.js';
import { type RevertRef, targetingFromAudit } from './revert-targeting.js';
import { flagTargetingItem } from './sdk-items.js';
import type { FlagFilter } from './store.js';
import { checkFlagConfig, checkVariations } from './validation.js';

export interface FlagChange {
  readonly name?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly temporary?: boolean;
  readonly variations?: readonly JsonValue[];
  readonly clientSideAvailability?: Partial<ClientSideAvailability>;
  readonly archived?: boolean;
}

/** A flag's targeting in one environment, and the version a change to it expects. */
export interface FlagEnvRef {
  readonly projectKey: string;
  readonly key: string;
  readonly envKey: string;
  /** 409 when stale; absent to change whatever version is current. */
  readonly expectedVersion?: number | undefined;
  /** Why, recorded on the audit entry. */
  readonly comment?: string | undefined;
}

export interface FlagWithTargeting {
  readonly flag: Flag;
  /** Environment key to that environment's targeting. */
  readonly environments: Readonly<Record<string, FlagConfig>>;
}

export class FlagService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(
    projectKey: string,
    input: NewFlag,
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<FlagWithTargeting> {
    checkNewFlag(input);
    return commit(
      this.deps,
      actor,
      async (c) => {
        if (!(await c.tx.getProject(projectKey))) throw notFound(`Project "${projectKey}"`);
        if (await c.tx.getFlag(projectKey, input.key))
          throw alreadyExists(`Flag "${projectKey}/${input.key}"`);
        const flag = newFlag(projectKey, input, c.now);
        const environments = await insertFlag(c, flag, () => this.deps.secrets.newSalt());
        return { flag, environments };
      },
      options,
    );
  }

  async get(projectKey: string, key: string): Promise<FlagWithTargeting> {
    const { store } = this.deps;
    const flag = await store.getFlag(projectKey, key);
    if (!flag) throw notFound(`Flag "${projectKey}/${key}"`);
    const environments: Record<string, FlagConfig> = {};
    for (const env of await store.listEnvironments(projectKey)) {
      const config = await store.getFlagConfig(projectKey, env.key, key);
      if (config) environments[env.key] = config;
    }
    return { flag, environments };
  }

  async list(projectKey: string, filter: FlagFilter = {}): Promise<Flag[]> {
    if (!(await this.deps.store.getProject(projectKey))) throw notFound(`Project "${projectKey}"`);
    return this.deps.store.listFlags(projectKey, filter);
  }

  /** Every flag's on/off, version and last change in one environment: what a list of flags shows. */
  async states(projectKey: string, environmentKey: string): Promise<FlagState[]> {
    const { store } = this.deps;
    if (!(await store.getEnvironment(projectKey, environmentKey)))
      throw notFound(`Environment "${projectKey}/${environmentKey}"`);
    const [configs, changed] = await Promise.all([
      store.listFlagConfigs(projectKey, environmentKey),
      store.flagsLastChanged(projectKey, environmentKey),
    ]);
    return [...configs]
      .map(([key, config]) => ({
        key,
        on: config.on,
        version: config.version,
        lastChangedAt: changed.get(key) ?? null,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Changes the definition shared by all environments; SDKs in each environment see a new version. */
  update(
    projectKey: string,
    key: string,
    change: FlagChange,
    expectedVersion: number | undefined,
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<Flag> {
    return commit(
      this.deps,
      actor,
      async (c) => {
        const before = await c.tx.getFlag(projectKey, key);
        if (!before) throw notFound(`Flag "${projectKey}/${key}"`);
        if (expectedVersion !== undefined && expectedVersion !== before.version) {
          throw versionConflict(`Flag "${projectKey}/${key}"`, expectedVersion, before.version);
        }
        if (change.archived === true) await refuseIfSystem(c, projectKey, key, 'archived');
        const after: Flag = {
          ...before,
          name: change.name ?? before.name,
          description: change.description ?? before.description,
          tags: change.tags ?? before.tags,
          temporary: change.temporary ?? before.temporary,
          variations: change.variations ?? before.variations,
          clientSideAvailability: { ...before.clientSideAvailability, ...change.clientSideAvailability },
          archived: change.archived ?? before.archived,
          version: before.version + 1,
        };
        if (change.variations) await checkVariationChange(c, after);
        if (!(await c.tx.updateFlag(after, before.version))) {
          const current = await c.tx.getFlag(projectKey, key);
          throw versionConflict(`Flag "${projectKey}/${key}"`, before.version, current?.version ?? -1);
        }
        // What SDKs receive includes the variations and availability, so every environment moves on.
        for (const env of await c.tx.listEnvironments(projectKey)) {
          await c.change({
            item: flagTargetingItem(projectKey, env.key, key),
            deleted: after.archived,
            apply: (config, version) => config && { ...config, version },
          });
        }
        const action =
          change.archived === true
            ? 'flag.archive'
            : change.archived === false
              ? 'flag.unarchive'
              : 'flag.update';
        await c.audit({ action, resourceKind: 'flag', projectKey, resourceKey: key, before, after });
        return after;
      },
      options,
    );
  }

  async delete(projectKey: string, key: string, actor: Actor, options: WriteOptions = {}): Promise<void> {
    await commit(
      this.deps,
      actor,
      async (c) => {
        const before = await c.tx.getFlag(projectKey, key);
        if (!before) throw notFound(`Flag "${projectKey}/${key}"`);
        await refuseIfSystem(c, projectKey, key, 'deleted');
        for (const env of await c.tx.listEnvironments(projectKey)) {
          await c.change({ item: flagTargetingItem(projectKey, env.key, key), apply: () => null });
        }
        await c.tx.deleteFlag(projectKey, key);
        await c.audit({ action: 'flag.delete', resourceKind: 'flag', projectKey, resourceKey: key, before });
      },
      options,
    );
  }

  /** Replaces a flag's targeting in one environment (409 when `expectedVersion` is stale). */
  setTargeting(
    { input, ...ref }: FlagEnvRef & { readonly input: TargetingInput },
    actor: Actor,
  ): Promise<FlagConfig> {
    return this.changeTargeting(ref, actor, 'flag.targeting.update', (before, flag) =>
      targetingFromInput(input, before, flag, ref.envKey),
    );
  }

  /**
   * Restores the targeting an audit entry recorded (`ref.to`: its before or after
   * state) as a new, audited write; 409 when `expectedVersion` is stale.
   */
  async revert(ref: FlagEnvRef & RevertRef, actor: Actor): Promise<FlagConfig> {
    const input = targetingFromAudit(await this.deps.store.getAuditEntry(ref.auditId), ref);
    const comment = ref.comment ?? `Reverted to the ${ref.to} state of audit entry ${ref.auditId}`;
    return this.changeTargeting({ ...ref, comment }, actor, 'flag.targeting.revert', (before, flag) =>
      targetingFromInput(input, before, flag, ref.envKey),
    );
  }

  /** Turns targeting on or off: the kill switch. */
  setOn({ on, ...ref }: FlagEnvRef & { readonly on: boolean }, actor: Actor): Promise<FlagConfig> {
    return this.changeTargeting(ref, actor, on ? 'flag.turn-on' : 'flag.turn-off', (before) => ({
      ...before,
      on,
    }));
  }

  private changeTargeting(
    ref: FlagEnvRef,
    actor: Actor,
    action: string,
    change: TargetingChange['change'],
  ): Promise<FlagConfig> {
    return commit(
      this.deps,
      actor,
      (c) => changeTargeting(c, { ...ref, expectedVersion: ref.expectedVersion, action, change }),
      { comment: ref.comment },
    );
  }
}

/** The platform's own operational flags must not disappear: ingest relies on them. */
async function refuseIfSystem(
  c: Commit,
  projectKey: string,
  key: string,
  what: 'deleted' | 'archived',
): Promise<void> {
  if ((await c.tx.getProject(projectKey))?.system === true) {
    throw new ControlPlaneError(
      'PROTECTED_RESOURCE',
      `Flag "${projectKey}/${key}" belongs to the protected system project and cannot be ${what}; turn it off or change its targeting instead`,
    );
  }
}

async function checkVariationChange(c: Commit, flag: Flag): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  checkVariations(flag.variations, '/variations', issues);
  for (const env of await c.tx.listEnvironments(flag.projectKey)) {
    const config = await c.tx.getFlagConfig(flag.projectKey, env.key, flag.key);
    if (config)
      checkFlagConfig(
        config as unknown as Record<string, unknown>,
        flag.variations.length,
        flag.key,
        `/environments/${env.key}`,
        issues,
      );
  }
  if (issues.length > 0)
    throw invalidData(`The new variations of flag "${flag.key}" do not fit its targeting`, issues);
}
