import type { WriteOptions } from './audit.js';
import { commit, type ItemChange, type SdkItem } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Segment } from './domain.js';
import { invalidData, notFound } from './errors.js';
import { segmentItem } from './sdk-items.js';
import { checkSegmentRules } from './validation.js';

/** What a person sets on a segment; keys, versions and salt are the server's. */
export type SegmentInput = Partial<
  Omit<Segment, 'projectKey' | 'environmentKey' | 'key' | 'version' | 'salt' | 'name'>
> & { readonly name?: string };

export class SegmentService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  create(
    projectKey: string,
    envKey: string,
    key: string,
    input: SegmentInput,
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<Segment> {
    return this.write({ actor, options }, segmentItem(projectKey, envKey, key), {
      exists: false,
      audit: 'segment.create',
      apply: (_before, version) => ({
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
        version,
      }),
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
    options: WriteOptions = {},
  ): Promise<Segment> {
    return this.write({ actor, options }, segmentItem(projectKey, envKey, key), {
      exists: true,
      expectedVersion,
      audit: 'segment.update',
      apply: (before, version) => ({ ...(before as Segment), ...input, version }),
    });
  }

  async delete(
    projectKey: string,
    envKey: string,
    key: string,
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<void> {
    await commit(
      this.deps,
      actor,
      (c) =>
        c.change({
          item: segmentItem(projectKey, envKey, key),
          exists: true,
          audit: 'segment.delete',
          apply: () => null,
        }),
      options,
    );
  }

  /** Creates or replaces a segment of an existing environment, refusing rules that do not check out. */
  private write(
    by: { readonly actor: Actor; readonly options: WriteOptions },
    item: SdkItem<Segment>,
    change: Omit<ItemChange<Segment, Segment>, 'item'>,
  ): Promise<Segment> {
    return commit(
      this.deps,
      by.actor,
      async (c) => {
        if (!(await c.tx.getEnvironment(item.projectKey, item.environmentKey)))
          throw notFound(`Environment "${item.projectKey}/${item.environmentKey}"`);
        return c.change({
          ...change,
          item,
          apply: async (before, version) => {
            const after = await change.apply(before, version);
            const issues: { path: string; message: string }[] = [];
            checkSegmentRules(after.rules, '/rules', issues);
            if (issues.length > 0) throw invalidData(`Segment "${item.key}" has invalid rules`, issues);
            return after;
          },
        });
      },
      by.options,
    );
  }
}
