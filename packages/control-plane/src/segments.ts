import { recordAudit } from './audit.js';
import { recordChange } from './changes.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Segment } from './domain.js';
import { alreadyExists, invalidData, notFound, versionConflict } from './errors.js';
import type { StoreTransaction } from './store.js';
import { checkSegmentRules } from './validation.js';

/** What a person sets on a segment; keys, versions and salt are the server's. */
export type SegmentInput = Partial<
  Omit<Segment, 'projectKey' | 'environmentKey' | 'key' | 'version' | 'salt' | 'name'>
> & { readonly name?: string };

export class SegmentService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(
    projectKey: string,
    envKey: string,
    key: string,
    input: SegmentInput,
    actor: Actor,
  ): Promise<Segment> {
    return this.write(projectKey, envKey, key, actor, async (_tx, before) => {
      if (before) throw alreadyExists(`Segment "${projectKey}/${envKey}/${key}"`);
      return {
        projectKey,
        environmentKey: envKey,
        key,
        name: key,
        description: '',
        tags: [],
        included: [],
        excluded: [],
        includedContexts: [],
        excludedContexts: [],
        rules: [],
        salt: this.deps.secrets.newSalt(),
        unbounded: false,
        unboundedContextKind: null,
        generation: null,
        ...input,
        version: 0,
      };
    });
  }

  async get(projectKey: string, envKey: string, key: string): Promise<Segment> {
    const segment = await this.deps.store.getSegment(projectKey, envKey, key);
    if (!segment) throw notFound(`Segment "${projectKey}/${envKey}/${key}"`);
    return segment;
  }

  async list(projectKey: string, envKey: string): Promise<Segment[]> {
    if (!(await this.deps.store.getEnvironment(projectKey, envKey)))
      throw notFound(`Environment "${projectKey}/${envKey}"`);
    return this.deps.store.listSegments(projectKey, envKey);
  }

  update(
    projectKey: string,
    envKey: string,
    key: string,
    input: SegmentInput,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Segment> {
    return this.write(projectKey, envKey, key, actor, async (_tx, before) => {
      if (!before) throw notFound(`Segment "${projectKey}/${envKey}/${key}"`);
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw versionConflict(`Segment "${key}" in "${envKey}"`, expectedVersion, before.version);
      }
      return { ...before, ...input };
    });
  }

  async delete(projectKey: string, envKey: string, key: string, actor: Actor): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const version = await tx.nextDataVersion(projectKey, envKey);
      const before = await tx.getSegment(projectKey, envKey, key);
      if (!before) throw notFound(`Segment "${projectKey}/${envKey}/${key}"`);
      await tx.deleteSegment(projectKey, envKey, key);
      await recordChange(tx, now, {
        projectKey,
        environmentKey: envKey,
        kind: 'segment',
        key,
        version,
        deleted: true,
      });
      await recordAudit(tx, now, actor, {
        action: 'segment.delete',
        resourceKind: 'segment',
        projectKey,
        environmentKey: envKey,
        resourceKey: key,
        before,
      });
    });
  }

  private async write(
    projectKey: string,
    envKey: string,
    key: string,
    actor: Actor,
    build: (tx: StoreTransaction, before: Segment | undefined) => Promise<Segment>,
  ): Promise<Segment> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getEnvironment(projectKey, envKey)))
        throw notFound(`Environment "${projectKey}/${envKey}"`);
      const version = await tx.nextDataVersion(projectKey, envKey);
      const before = await tx.getSegment(projectKey, envKey, key);
      const after: Segment = { ...(await build(tx, before)), version };
      const issues: { path: string; message: string }[] = [];
      checkSegmentRules(after.rules, '/rules', issues);
      if (issues.length > 0) throw invalidData(`Segment "${key}" has invalid rules`, issues);
      await tx.putSegment(after);
      await recordChange(tx, now, {
        projectKey,
        environmentKey: envKey,
        kind: 'segment',
        key,
        version,
        deleted: false,
      });
      await recordAudit(tx, now, actor, {
        action: before ? 'segment.update' : 'segment.create',
        resourceKind: 'segment',
        projectKey,
        environmentKey: envKey,
        resourceKey: key,
        before,
        after,
      });
      return after;
    });
  }
}
