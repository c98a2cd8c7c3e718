/**
 * Composes event ingest for the composition root: the system project, the guard and
 * its parts (operational flags, usage meter, circuit breaker), and the pipeline.
 */
import type { FlagService, OverrideService, ProjectService, UsageService } from '@switchyard/control-plane';
import { createEventPipeline, type EventPipeline, type InsightsSink } from '@switchyard/pipeline';
import type { SqlStoreConfig } from '@switchyard/store-sql';
import type { FastifyRequest } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { EventsConfig } from './config.js';
import type { EnvironmentSnapshots } from './delivery/environment-snapshots.js';
import type { AccountDirectory } from './guard/account-directory.js';
import { CircuitBreaker } from './guard/circuit-breaker.js';
import type { EventsLogger } from './guard/events-logger.js';
import { IngestGuard } from './guard/ingest-guard.js';
import { OverrideExpiry } from './guard/override-expiry.js';
import { PeerRates } from './guard/peer-rates.js';
import { SystemFlags } from './guard/system-flags.js';
import { ensureSystemProject } from './guard/system-project.js';
import { UsageMeter } from './guard/usage-meter.js';
import { type UsageReporter, usageReporter } from './guard/usage-report.js';
import type { IngestApiDeps } from './http/ingest/ingest-api.js';
import { IngestMetrics } from './http/ingest/ingest-metrics.js';
import { ParseThreads } from './http/ingest/parse-threads.js';
import { corsHeaders } from './http/sdk/client-side-api.js';

/** What a consumer thread opens its insights sink from (compiled JavaScript, or source under tsx). */
const SINK_MODULE = new URL(
  import.meta.url.endsWith('.ts') ? './insights-sink-module.ts' : './insights-sink-module.js',
  import.meta.url,
).href;

/** Intervals tests shorten; production uses the defaults. */
export interface EventIngestTuning {
  /** How often usage is written to the store. Default 1000. */
  readonly usageFlushMs?: number;
  /** How often this node's rates are shared with the other nodes. Default 1000. */
  readonly rateShareMs?: number;
  /** How often expired breaker rules are looked for. Default 1000. */
  readonly breakerSweepMs?: number;
  /** How often expired overrides are looked for. Default 1000. */
  readonly overrideSweepMs?: number;
  /** How often accounts are reloaded (changes made on other nodes). Default 5000. */
  readonly directoryRefreshMs?: number;
  /** Overrides of the configured breaker. */
  readonly breaker?: Partial<EventsConfig['breaker']>;
}

export interface EventIngestDeps {
  readonly config: EventsConfig;
  readonly directory: AccountDirectory;
  readonly usage: UsageService;
  readonly sink: InsightsSink;
  /** The store as a consumer thread opens it for its own sink (config.consumerThread). */
  readonly database?: SqlStoreConfig;
  readonly snapshots: EnvironmentSnapshots;
  readonly projects: ProjectService;
  readonly flags: FlagService;
  readonly overrides: OverrideService;
  readonly sha1Hex: (input: string) => string;
  readonly log: EventsLogger;
  readonly metrics: Registry;
  readonly tuning?: EventIngestTuning;
}

export interface EventIngest {
  /** What the ingest plugin is built from. */
  readonly api: IngestApiDeps;
  readonly usage: UsageReporter;
  readonly pipeline: EventPipeline;
  /** The guard and the usage meter, which the operators' overview reads. */
  readonly guard: IngestGuard;
  readonly meter: UsageMeter;
  /** How long a circuit-breaker throttle lasts. */
  readonly breakerExpiryMs: number;
  /** Stops the timers, writes the last usage and closes the pipeline (after the HTTP server closed). */
  close(): Promise<void>;
}

/** Browsers may read the outcome and the retry delay of their event posts. */
function eventCors(request: FastifyRequest): Record<string, string> {
  return {
    ...corsHeaders(request),
    'access-control-expose-headers': 'Date, Retry-After, X-Switchyard-Events',
  };
}

export async function startEventIngest(deps: EventIngestDeps): Promise<EventIngest> {
  const { config, tuning = {}, log } = deps;
  const now = Date.now;
  await ensureSystemProject(deps);
  await deps.directory.refresh();
  const systemFlags = new SystemFlags(deps.snapshots, deps.sha1Hex);
  const meter = new UsageMeter(deps.usage, log, now);
  await meter.start(tuning.usageFlushMs ?? 1000);
  const breakerOptions = { ...config.breaker, ...tuning.breaker };
  const breaker = new CircuitBreaker({
    flags: deps.flags,
    systemFlags,
    log,
    now,
    options: { ...breakerOptions, sweepMs: tuning.breakerSweepMs ?? 1000 },
  });
  breaker.start();
  const expiry = new OverrideExpiry({ overrides: deps.overrides, systemFlags, log, now });
  expiry.start(tuning.overrideSweepMs ?? 1000);
  const peers: PeerRates = new PeerRates({ usage: deps.usage, local: () => guard.limitedRates(), log, now });
  const guard: IngestGuard = new IngestGuard({
    systemFlags,
    meter,
    breaker,
    peers,
    now,
    throttleRetrySeconds: Math.ceil(breakerOptions.expiryMs / 1000),
  });
  peers.start(tuning.rateShareMs ?? 1000);
  new Gauge({
    name: 'switchyard_events_rate_peer_nodes',
    help: 'Other nodes sharing per-second event limits with this one (0: alone, or the database is away)',
    registers: [deps.metrics],
    collect() {
      this.set(peers.peerNodes());
    },
  });
  const pipeline = await createEventPipeline({
    spool: { file: config.spoolFile, maxBytes: config.spoolMaxBytes, accountShare: config.spoolAccountShare },
    ...(config.amqp === undefined
      ? {}
      : {
          amqp: {
            url: config.amqp.url,
            prefix: config.amqp.prefix,
            shards: config.amqp.shards,
            queueType: config.amqp.queueType,
            connectionName: `switchyard-${process.pid}`,
          },
        }),
    sink: deps.sink,
    consume: config.consume,
    ...(config.consumerThread && deps.database !== undefined
      ? { consumerThread: { sinkModule: SINK_MODULE, sinkConfig: deps.database } }
      : {}),
    log,
  });
  const parser = new ParseThreads(config.parseThreads, log);
  const directoryTimer = setInterval(
    () => void deps.directory.refresh().catch(() => {}),
    tuning.directoryRefreshMs ?? 5000,
  );
  directoryTimer.unref();
  return {
    api: {
      environmentForSdkKey: (key) => deps.snapshots.forSdkKey(key),
      environmentForClientSideId: (id) => deps.snapshots.forClientSideId(id),
      environmentForMobileKey: (key) => deps.snapshots.forMobileKey(key),
      confirmMiss: () => deps.snapshots.confirmMiss(),
      accountFor: (projectKey) => deps.directory.ownerOf(projectKey) ?? deps.directory.accountFor(projectKey),
      guard,
      meter,
      pipeline,
      parse: (request) => parser.parse(request),
      metrics: new IngestMetrics(deps.metrics),
      limits: { wireLimit: config.bodyLimit, inflatedLimit: config.inflatedLimit },
      cors: eventCors,
    },
    usage: usageReporter({ usage: deps.usage, meter, guard, now }),
    pipeline,
    guard,
    meter,
    breakerExpiryMs: breakerOptions.expiryMs,
    close: async () => {
      clearInterval(directoryTimer);
      systemFlags.close();
      await peers.close();
      await expiry.close();
      await breaker.close();
      await meter.close();
      await pipeline.close();
      await parser.close();
    },
  };
}
