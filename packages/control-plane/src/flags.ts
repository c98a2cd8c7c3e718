import type { JsonValue } from '@switchyard/engine';
import { recordAudit } from './audit.js';
import { recordChange } from './changes.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, ClientSideAvailability, Flag, FlagConfig, FlagRuleConfig } from './domain.js';
import { alreadyExists, ControlPlaneError, invalidData, notFound, versionConflict } from './errors.js';
import { defaultFlagConfig } from './sdk-json.js';
import type { FlagFilter, StoreTransaction } from './store.js';
import { checkFlagConfig, checkVariations } from './validation.js';

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

export interface FlagChange {
  readonly name?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly temporary?: boolean;
  readonly variations?: readonly JsonValue[];
  readonly clientSideAvailability?: Partial<ClientSideAvailability>;
  readonly archived?: boolean;
}

/** The targeting a person sets in one environment; the version and salt are the server's. */
export type TargetingInput = Omit<FlagConfig, 'version' | 'salt' | 'rules'> & {
  readonly rules: readonly (Omit<FlagRuleConfig, 'id'> & { readonly id?: string })[];
};

export interface FlagWithTargeting {
  readonly flag: Flag;
  /** Environment key to that environment's targeting. */
  readonly environments: Readonly<Record<string, FlagConfig>>;
}

/** The platform's own operational flags must not disappear: ingest relies on them. */
async function refuseIfSystem(
  tx: StoreTransaction,
  projectKey: string,
  key: string,
  what: 'deleted' | 'archived',
): Promise<void> {
  if ((await tx.getProject(projectKey))?.system === true) {
    throw new ControlPlaneError(
      'PROTECTED_RESOURCE',
      `Flag "${projectKey}/${key}" belongs to the protected system project and cannot be ${what}; turn it off or change its targeting instead`,
    );
  }
}

export class FlagService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(projectKey: string, input: NewFlag, actor: Actor): Promise<FlagWithTargeting> {
    const variations = input.variations ?? [true, false];
    const issues: { path: string; message: string }[] = [];
    checkVariations(variations, '/variations', issues);
    if (issues.length > 0) throw invalidData(`Flag "${input.key}" has invalid variations`, issues);
    const now = this.deps.clock.now();
    const flag: Flag = {
      projectKey,
      key: input.key,
      name: input.name,
      description: input.description ?? '',
      tags: input.tags ?? [],
      temporary: input.temporary ?? true,
      variations,
      clientSideAvailability: {
        usingMobileKey: input.clientSideAvailability?.usingMobileKey ?? false,
        usingEnvironmentId: input.clientSideAvailability?.usingEnvironmentId ?? false,
      },
      archived: false,
      createdAt: now.toISOString(),
      version: 1,
    };
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getProject(projectKey))) throw notFound(`Project "${projectKey}"`);
      if (await tx.getFlag(projectKey, input.key)) throw alreadyExists(`Flag "${projectKey}/${input.key}"`);
      await tx.insertFlag(flag);
      const environments: Record<string, FlagConfig> = {};
      for (const env of await tx.listEnvironments(projectKey)) {
        const version = await tx.nextDataVersion(projectKey, env.key);
        const config = defaultFlagConfig(flag, this.deps.secrets.newSalt(), version);
        await tx.putFlagConfig(projectKey, env.key, flag.key, config);
        await recordChange(tx, now, {
          projectKey: projectKey,
          environmentKey: env.key,
          kind: 'flag',
          key: flag.key,
          version: version,
          deleted: false,
        });
        environments[env.key] = config;
      }
      await recordAudit(tx, now, actor, {
        action: 'flag.create',
        resourceKind: 'flag',
        projectKey,
        resourceKey: flag.key,
        after: flag,
      });
      return { flag, environments };
    });
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

  /** Changes the definition shared by all environments; SDKs in each environment see a new version. */
  async update(
    projectKey: string,
    key: string,
    change: FlagChange,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Flag> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.getFlag(projectKey, key);
      if (!before) throw notFound(`Flag "${projectKey}/${key}"`);
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw versionConflict(`Flag "${projectKey}/${key}"`, expectedVersion, before.version);
      }
      if (change.archived === true) await refuseIfSystem(tx, projectKey, key, 'archived');
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
      if (change.variations) await this.checkVariationChange(tx, after);
      if (!(await tx.updateFlag(after, before.version))) {
        const current = await tx.getFlag(projectKey, key);
        throw versionConflict(`Flag "${projectKey}/${key}"`, before.version, current?.version ?? -1);
      }
      // What SDKs receive includes the variations and availability, so every environment moves on.
      await this.bumpAllEnvironments(tx, now, after, after.archived);
      const action =
        change.archived === true
          ? 'flag.archive'
          : change.archived === false
            ? 'flag.unarchive'
            : 'flag.update';
      await recordAudit(tx, now, actor, {
        action,
        resourceKind: 'flag',
        projectKey,
        resourceKey: key,
        before,
        after,
      });
      return after;
    });
  }

  async delete(projectKey: string, key: string, actor: Actor): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const before = await tx.getFlag(projectKey, key);
      if (!before) throw notFound(`Flag "${projectKey}/${key}"`);
      await refuseIfSystem(tx, projectKey, key, 'deleted');
      for (const env of await tx.listEnvironments(projectKey)) {
        const version = await tx.nextDataVersion(projectKey, env.key);
        await recordChange(tx, now, {
          projectKey: projectKey,
          environmentKey: env.key,
          kind: 'flag',
          key: key,
          version: version,
          deleted: true,
        });
      }
      await tx.deleteFlag(projectKey, key);
      await recordAudit(tx, now, actor, {
        action: 'flag.delete',
        resourceKind: 'flag',
        projectKey,
        resourceKey: key,
        before,
      });
    });
  }

  /** Replaces a flag's targeting in one environment (409 when `expectedVersion` is stale). */
  async setTargeting(
    projectKey: string,
    key: string,
    envKey: string,
    input: TargetingInput,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<FlagConfig> {
    return this.changeConfig(
      projectKey,
      key,
      envKey,
      expectedVersion,
      actor,
      'flag.targeting.update',
      (before, flag) => {
        const rules = input.rules.map((rule, i) => ({
          ...rule,
          id: rule.id ?? `rule-${before.version}-${i}`,
          trackEvents: rule.trackEvents ?? false,
        }));
        const after = { ...input, rules, salt: before.salt };
        const issues: { path: string; message: string }[] = [];
        checkFlagConfig(after as unknown as Record<string, unknown>, flag.variations.length, key, '', issues);
        if (issues.length > 0)
          throw invalidData(`The targeting of flag "${key}" in "${envKey}" is invalid`, issues);
        return after;
      },
    );
  }

  /** Turns targeting on or off: the kill switch. */
  setOn(
    projectKey: string,
    key: string,
    envKey: string,
    on: boolean,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<FlagConfig> {
    return this.changeConfig(
      projectKey,
      key,
      envKey,
      expectedVersion,
      actor,
      on ? 'flag.turn-on' : 'flag.turn-off',
      (before) => ({ ...before, on }),
    );
  }

  private async changeConfig(
    projectKey: string,
    key: string,
    envKey: string,
    expectedVersion: number | undefined,
    actor: Actor,
    action: string,
    change: (before: FlagConfig, flag: Flag) => Omit<FlagConfig, 'version'>,
  ): Promise<FlagConfig> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const flag = await tx.getFlag(projectKey, key);
      if (!flag) throw notFound(`Flag "${projectKey}/${key}"`);
      if (!(await tx.getEnvironment(projectKey, envKey)))
        throw notFound(`Environment "${projectKey}/${envKey}"`);
      // Taking the version first locks the environment, so the read below cannot be stale.
      const version = await tx.nextDataVersion(projectKey, envKey);
      const before = await tx.getFlagConfig(projectKey, envKey, key);
      if (!before) throw notFound(`Flag "${projectKey}/${key}" in environment "${envKey}"`);
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw versionConflict(`Flag "${key}" in "${envKey}"`, expectedVersion, before.version);
      }
      const after: FlagConfig = { ...change(before, flag), version };
      await tx.putFlagConfig(projectKey, envKey, key, after);
      await recordChange(tx, now, {
        projectKey: projectKey,
        environmentKey: envKey,
        kind: 'flag',
        key: key,
        version: version,
        deleted: flag.archived,
      });
      await recordAudit(tx, now, actor, {
        action,
        resourceKind: 'flag',
        projectKey,
        environmentKey: envKey,
        resourceKey: key,
        before,
        after,
      });
      return after;
    });
  }

  private async checkVariationChange(tx: StoreTransaction, flag: Flag): Promise<void> {
    const issues: { path: string; message: string }[] = [];
    checkVariations(flag.variations, '/variations', issues);
    for (const env of await tx.listEnvironments(flag.projectKey)) {
      const config = await tx.getFlagConfig(flag.projectKey, env.key, flag.key);
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

  private async bumpAllEnvironments(
    tx: StoreTransaction,
    now: Date,
    flag: Flag,
    deleted: boolean,
  ): Promise<void> {
    for (const env of await tx.listEnvironments(flag.projectKey)) {
      const version = await tx.nextDataVersion(flag.projectKey, env.key);
      const config = await tx.getFlagConfig(flag.projectKey, env.key, flag.key);
      if (!config) continue;
      await tx.putFlagConfig(flag.projectKey, env.key, flag.key, { ...config, version });
      await recordChange(tx, now, {
        projectKey: flag.projectKey,
        environmentKey: env.key,
        kind: 'flag',
        key: flag.key,
        version: version,
        deleted: deleted,
      });
    }
  }
}
