/**
 * Each environment's current SDK data, in memory: the engine snapshot for evaluation
 * and the JSON SDKs receive. Brought up to date from the store's change records after
 * a commit, so every surface (OFREP, SDK polling and streams) serves the newest
 * committed data, and tells listeners (the streams) what changed. A few changed items
 * are read and prepared alone; an environment seen for the first time, or one with
 * many changes at once, is read whole.
 */
import {
  type Change,
  type Environment,
  type StoreReads,
  toSdkFlag,
  toSdkSegment,
} from '@switchyard/control-plane';
import {
  type FlagJson,
  type PrepareOptions,
  prepareSnapshot,
  type SegmentJson,
  type Snapshot,
} from '@switchyard/engine';
import { compileRe2Pattern } from '@switchyard/patterns';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';

export interface EnvironmentData {
  readonly environment: Environment;
  readonly flags: Readonly<Record<string, FlagJson>>;
  readonly segments: Readonly<Record<string, SegmentJson>>;
  readonly snapshot: Snapshot;
  /** `"<projectKey>/<environmentKey>"`. */
  readonly id: string;
}

/** How the server prepares every snapshot: `matches` patterns compile with RE2, so none can backtrack. */
export const PREPARE_OPTIONS: PrepareOptions = Object.freeze({ compilePattern: compileRe2Pattern });

/** Called once per environment whose data changed, with the newest change per item. */
export type ChangeListener = (data: EnvironmentData, changes: readonly Change[]) => void;

type Reads = Pick<
  StoreReads,
  | 'listAllEnvironments'
  | 'listFlags'
  | 'listFlagConfigs'
  | 'listSegments'
  | 'changesSince'
  | 'getFlag'
  | 'getFlagConfig'
  | 'getSegment'
>;

/** More changed items than this in one environment at once (an import, say) and it is read whole. */
const MOST_ITEMS_PATCHED = 50;

const envId = (projectKey: string, key: string) => `${projectKey}/${key}`;

/** How a credential lookup that missed checks the store: at most one read a second, and a bounded wait. */
export interface MissCheckTiming {
  /** Least time between two checks of the store started by misses (a flood of unknown keys costs one read a second). */
  readonly spacingMs: number;
  /** Longest a request waits for the store before it is told to retry. */
  readonly timeoutMs: number;
}

const MISS_CHECK: MissCheckTiming = { spacingMs: 1000, timeoutMs: 5000 };

/**
 * A lookup missed and the store could not say whether the credential exists: 503 with a stable
 * code and Retry-After, which LaunchDarkly SDKs retry. A 401 would make them stop for good.
 */
export function storeUnavailable(): ApiError {
  return new ApiError(
    'STORE_UNAVAILABLE',
    'The credential is not known to this node and its database cannot be reached to check it; retry later',
    undefined,
    { 'retry-after': '1' },
  );
}

export class EnvironmentSnapshots {
  private readonly byId = new Map<string, EnvironmentData>();
  private readonly bySdkKey = new Map<string, string>();
  private readonly byMobileKey = new Map<string, string>();
  private readonly byClientSideId = new Map<string, string>();
  private lastSeq = 0;
  private refreshing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<ChangeListener>();
  /** When the data was last read from the store in full or brought up to date (epoch ms). */
  private confirmedAt: number | undefined;
  /** Whether the last refresh failed: the data may be missing what was committed since. */
  private stale = false;
  private missCheck: Promise<boolean> | undefined;
  private lastMissCheckAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Reads,
    private readonly log: Logger,
    private readonly missTiming: MissCheckTiming = MISS_CHECK,
  ) {}

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Milliseconds since the data was last known current (a refresh runs after every change
   * and at least every 10 s on PostgreSQL), undefined before the first load.
   */
  dataAgeMs(now: number): number | undefined {
    return this.confirmedAt === undefined ? undefined : Math.max(0, now - this.confirmedAt);
  }

  /** Every environment this node serves. */
  all(): EnvironmentData[] {
    return [...this.byId.values()];
  }

  forEnvironment(projectKey: string, envKey: string): EnvironmentData | undefined {
    return this.byId.get(envId(projectKey, envKey));
  }

  forSdkKey(sdkKey: string): EnvironmentData | undefined {
    const id = this.bySdkKey.get(sdkKey);
    return id === undefined ? undefined : this.byId.get(id);
  }

  forMobileKey(mobileKey: string): EnvironmentData | undefined {
    const id = this.byMobileKey.get(mobileKey);
    return id === undefined ? undefined : this.byId.get(id);
  }

  forClientSideId(clientSideId: string): EnvironmentData | undefined {
    const id = this.byClientSideId.get(clientSideId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /**
   * After a credential lookup missed (an unknown SDK key, mobile key or client-side ID): brings the
   * data up to date from the store, so a credential just created on another node is found, and
   * resolves when the caller may look again and trust a second miss. Throws STORE_UNAVAILABLE when
   * the store cannot answer (an outage must never turn into a 401, which SDKs treat as permanent).
   * Misses share one check, and checks are spaced, so unknown keys cannot flood the store.
   */
  async confirmMiss(): Promise<void> {
    this.missCheck ??= this.checkAfterMiss().finally(() => {
      this.missCheck = undefined;
    });
    if (!(await this.missCheck)) throw storeUnavailable();
  }

  private async checkAfterMiss(): Promise<boolean> {
    const { spacingMs, timeoutMs } = this.missTiming;
    const wait = this.lastMissCheckAt + spacingMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastMissCheckAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.refresh().then(() => !this.stale), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Loads every environment. Changes committed meanwhile are caught by the next refresh. */
  async load(): Promise<void> {
    this.lastSeq = await this.latestSeq();
    const environments = await this.store.listAllEnvironments();
    for (const env of environments) await this.rebuild(env);
    this.indexCredentials(environments);
    this.confirmedAt = Date.now();
  }

  /** Applies what was committed since the last refresh; calls are serialized. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(
      () => this.applyChanges(),
      () => this.applyChanges(),
    );
    return this.refreshing;
  }

  private async applyChanges(): Promise<void> {
    try {
      // Per environment, the newest change of each item. The position moves only once they are
      // applied: a refresh that fails halfway (the database cut) leaves them for the next one.
      const touched = new Map<string, Map<string, Change>>();
      let seq = this.lastSeq;
      for (;;) {
        const changes = await this.store.changesSince(seq, 1000);
        for (const change of changes) {
          const id = envId(change.projectKey, change.environmentKey);
          const items = touched.get(id) ?? new Map<string, Change>();
          items.set(`${change.kind}/${change.key}`, change);
          touched.set(id, items);
          seq = change.seq;
        }
        if (changes.length < 1000) break;
      }
      const environments = await this.store.listAllEnvironments();
      const changed: [EnvironmentData, Change[]][] = [];
      for (const env of environments) {
        const id = envId(env.projectKey, env.key);
        const items = touched.get(id);
        const known = this.byId.get(id);
        if (known === undefined || (items !== undefined && items.size > MOST_ITEMS_PATCHED)) {
          const data = await this.rebuild(env);
          if (items !== undefined) changed.push([data, [...items.values()]]);
        } else if (items !== undefined) {
          changed.push([await this.patch(known, env, [...items.values()]), [...items.values()]]);
        } else this.byId.set(id, { ...known, environment: env });
      }
      this.indexCredentials(environments);
      this.lastSeq = seq;
      this.confirmedAt = Date.now();
      this.stale = false;
      for (const [data, changes] of changed) for (const listener of this.listeners) listener(data, changes);
    } catch (err) {
      // Keep serving the last good data; the next commit (or a lookup that misses) retries.
      this.stale = true;
      this.log.error({ err }, 'could not refresh environment snapshots');
    }
  }

  private async rebuild(env: Environment): Promise<EnvironmentData> {
    const [flags, configs, segments] = await Promise.all([
      this.store.listFlags(env.projectKey, {}),
      this.store.listFlagConfigs(env.projectKey, env.key),
      this.store.listSegments(env.projectKey, env.key),
    ]);
    const flagJson: Record<string, FlagJson> = {};
    for (const flag of flags) {
      const config = configs.get(flag.key);
      if (config) flagJson[flag.key] = toSdkFlag(flag, config);
    }
    const segmentJson: Record<string, SegmentJson> = {};
    for (const segment of segments) segmentJson[segment.key] = toSdkSegment(segment);
    const id = envId(env.projectKey, env.key);
    const data: EnvironmentData = {
      id,
      environment: env,
      flags: flagJson,
      segments: segmentJson,
      snapshot: prepareSnapshot({ flags: flagJson, segments: segmentJson }, PREPARE_OPTIONS),
    };
    this.byId.set(id, data);
    return data;
  }

  /**
   * `known` with the changed items read again and prepared alone: the other items' prepared
   * forms are shared with the snapshot before, as the engine's snapshots are immutable.
   */
  private async patch(known: EnvironmentData, env: Environment, changes: readonly Change[]) {
    const { projectKey, key: envKey } = env;
    const flags: Record<string, FlagJson> = { ...known.flags };
    const segments: Record<string, SegmentJson> = { ...known.segments };
    await Promise.all(
      changes.map(async (change) => {
        if (change.kind === 'flag') {
          const [flag, config] = await Promise.all([
            this.store.getFlag(projectKey, change.key),
            this.store.getFlagConfig(projectKey, envKey, change.key),
          ]);
          // As in a whole read: SDKs get live flags that have targeting here, archived ones not at all.
          if (flag === undefined || flag.archived || config === undefined) delete flags[change.key];
          else flags[change.key] = toSdkFlag(flag, config);
        } else {
          const segment = await this.store.getSegment(projectKey, envKey, change.key);
          if (segment === undefined) delete segments[change.key];
          else segments[change.key] = toSdkSegment(segment);
        }
      }),
    );
    const touched = (kind: Change['kind']) =>
      changes.filter((change) => change.kind === kind).map((change) => change.key);
    const data: EnvironmentData = {
      id: known.id,
      environment: env,
      flags,
      segments,
      snapshot: {
        flags: patched(known.snapshot.flags, touched('flag'), (key) => flags[key], 'flags'),
        segments: patched(known.snapshot.segments, touched('segment'), (key) => segments[key], 'segments'),
      },
    };
    this.byId.set(known.id, data);
    return data;
  }

  private indexCredentials(environments: readonly Environment[]): void {
    this.bySdkKey.clear();
    this.byMobileKey.clear();
    this.byClientSideId.clear();
    for (const env of environments) {
      const id = envId(env.projectKey, env.key);
      this.bySdkKey.set(env.sdkKey, id);
      this.byMobileKey.set(env.mobileKey, id);
      this.byClientSideId.set(env.clientSideId, id);
    }
  }

  private async latestSeq(): Promise<number> {
    let seq = 0;
    for (;;) {
      const changes = await this.store.changesSince(seq, 1000);
      const last = changes.at(-1);
      if (last) seq = last.seq;
      if (changes.length < 1000) return seq;
    }
  }
}

/** `prepared` with each of `keys` prepared again from `json` (or gone, when it has none). */
function patched<T>(
  prepared: ReadonlyMap<string, T>,
  keys: readonly string[],
  json: (key: string) => FlagJson | SegmentJson | undefined,
  kind: 'flags' | 'segments',
): ReadonlyMap<string, T> {
  if (keys.length === 0) return prepared;
  const next = new Map(prepared);
  for (const key of keys) {
    const item = json(key);
    const one =
      item === undefined ? undefined : prepareSnapshot({ [kind]: { [key]: item } }, PREPARE_OPTIONS);
    const value = one?.[kind].get(key) as T | undefined;
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  return next;
}
