/**
 * The composition root: read config, build adapters, build the app, listen.
 */
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AccountService,
  type ControlPlaneDeps,
  FlagService,
  hasAnyToken,
  OverrideService,
  ProjectService,
  SdkDataService,
  SegmentService,
  SYSTEM_ACTOR,
  TokenService,
  UsageService,
} from '@switchyard/control-plane';
import { createSqlStore, listenForChanges, type SqlInsights } from '@switchyard/store-sql';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { buildApp } from './app.js';
import { environmentDeliveries } from './cluster/environment-deliveries.js';
import { NodeHeartbeat } from './cluster/node-heartbeat.js';
import type { Config } from './config.js';
import { withCommitHook } from './delivery/commit-hook.js';
import { EnvironmentSnapshots } from './delivery/environment-snapshots.js';
import { putSerializationCount, StreamHub } from './delivery/stream-hub.js';
import { type EventIngestTuning, startEventIngest } from './event-ingest.js';
import { AccountDirectory } from './guard/account-directory.js';
import { accountSeries } from './guard/account-series.js';
import { accountsOverview } from './guard/accounts-overview.js';
import { OVERRIDE_PLACE } from './guard/system-project.js';
import { AuditFeed } from './http/admin/audit-feed.js';
import { idleConnections } from './http/idle-connections.js';
import { environmentPatternWarnings } from './http/pattern-warnings.js';
import { adminTokenBlock, createLogger } from './logger.js';
import { createPeople } from './people.js';
import { nodeSecrets } from './secrets.js';
import { dataAgeGauge, deliveryMetrics, pipelineGauges, streamMetrics } from './server-metrics.js';
import { serverVersion } from './server-version.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The base URL it listens on, e.g. http://127.0.0.1:8030. */
  readonly url: string;
  /** The admin token created at first start, if this start created one. */
  readonly createdAdminToken: string | undefined;
  /** The first-run link that creates the first admin user, when this start found no user. */
  readonly setupUrl: string | undefined;
  /** The store's event insights (what consumers apply batches to; tests apply and read them). */
  readonly insights: SqlInsights;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Heartbeat interval of SDK streams (tests shorten it). */
  readonly streamHeartbeatMs?: number;
  /** Stream limits (tests lower them). */
  readonly maxStreamsPerEnvironment?: number;
  readonly maxStreams?: number;
  /** Bytes a stream may have queued before it is dropped as too slow. */
  readonly maxQueuedBytes?: number;
  /** Where a first-start admin token and the first-run setup link are printed; stdout by default. */
  readonly announce?: (line: string) => void;
  /** Event ingest's intervals and breaker (tests shorten them). */
  readonly events?: EventIngestTuning;
  /** How often this node writes its heartbeat (tests shorten it). Default 1000. */
  readonly heartbeatMs?: number;
  /** The admin change feed's limits and heartbeat (tests lower them). */
  readonly adminFeeds?: {
    readonly max?: number;
    readonly perPrincipal?: number;
    readonly heartbeatMs?: number;
  };
  /** The dashboard's built files; by default packages/dashboard/dist/web next to this package. */
  readonly dashboardDir?: string;
}

// From packages/server/dist/main.js (or src/main.ts under tsx) to the dashboard's Vite output.
const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist/web', import.meta.url));

/** The dashboard's folder if it has been built; the server runs without it and says so. */
function builtDashboard(dir: string, logger: Logger): string | undefined {
  if (existsSync(join(dir, 'index.html'))) return dir;
  logger.warn({ dir }, 'dashboard not built (npm run build); serving the APIs only');
  return undefined;
}

/** Insights keep a bounded window (ADR 0005); pruning runs hourly, off every request path. */
function pruneInsights(insights: SqlInsights, logger: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    insights.prune(Date.now()).catch((err: unknown) => logger.warn({ err }, 'could not prune insights'));
  }, 3_600_000);
  timer.unref();
  return timer;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config, process.stdout.isTTY === true);
  const database =
    config.database.kind === 'sqlite'
      ? config.database
      : { kind: 'postgres' as const, url: config.database.url };
  const rawStore = await createSqlStore(
    database.kind === 'postgres'
      ? {
          ...database,
          onConnectionLost: (err: unknown) =>
            logger.warn(
              { err },
              'database connections are failing; requests that need it fail until it is back',
            ),
        }
      : database,
  );
  const snapshots = new EnvironmentSnapshots(rawStore, logger);
  const directory = new AccountDirectory(rawStore);
  const changes = new AuditFeed({
    store: rawStore,
    maxFeeds: options.adminFeeds?.max ?? 1000,
    maxFeedsPerPrincipal: options.adminFeeds?.perPrincipal ?? 10,
    heartbeatMs: options.adminFeeds?.heartbeatMs ?? 15_000,
    onError: (err) => logger.warn({ err }, 'could not read the audit log for the change feed'),
  });
  const deps: ControlPlaneDeps = {
    // Ingest's account directory follows local commits too; its failure must not fail the commit.
    store: withCommitHook(rawStore, async () => {
      // The change feed reads the audit log on its own time, not the writer's.
      void changes.poke();
      await Promise.all([snapshots.refresh(), directory.refresh().catch(() => {})]);
    }),
    clock: { now: () => new Date() },
    secrets: nodeSecrets,
  };
  const announce = options.announce ?? ((text: string) => process.stdout.write(`${text}\n`));
  const accounts = new AccountService(deps);
  const tokens = new TokenService(deps);
  await accounts.ensureDefaultAccount();
  let createdAdminToken: string | undefined;
  if (config.adminToken !== undefined) {
    await tokens.ensureBootstrapToken(config.adminToken);
  } else if (!(await hasAnyToken(deps))) {
    createdAdminToken = (await tokens.create({ name: 'first admin', role: 'admin' }, SYSTEM_ACTOR)).secret;
    // Printed once, plainly, never logged: it is a secret.
    announce(adminTokenBlock(createdAdminToken));
  }
  const people = await createPeople(config, deps, rawStore);
  await snapshots.load();
  // Several nodes share PostgreSQL: a change committed on any node reaches this one.
  const listener =
    config.database.kind === 'postgres'
      ? listenForChanges({
          url: config.database.url,
          onChange: () => {
            void snapshots.refresh();
            void changes.poke();
          },
          onError: (err) => logger.warn({ err }, 'change listener interrupted; reconnecting'),
        })
      : undefined;
  // Start serving with the feed listening, so /health is honest from the first request.
  await listener?.ready;
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const recordDelivery = deliveryMetrics(metrics);
  const streams: StreamHub = new StreamHub(snapshots, {
    onDelivery: (record) => {
      recordDelivery(record);
      heartbeat.delivered();
    },
    heartbeatMs: options.streamHeartbeatMs ?? 60_000,
    maxQueuedBytes: options.maxQueuedBytes ?? 8 * 1024 * 1024,
    maxStreamsPerEnvironment: options.maxStreamsPerEnvironment ?? 20_000,
    maxStreams: options.maxStreams ?? 50_000,
  });
  streamMetrics(metrics, streams);
  dataAgeGauge(metrics, () => snapshots.dataAgeMs(Date.now()));
  new Gauge({
    name: 'switchyard_stream_put_serializations',
    help: 'Full-environment payloads serialized for SDK streams (once per data version, not per stream)',
    registers: [metrics],
    collect() {
      this.set(putSerializationCount());
    },
  });
  const projects = new ProjectService(deps);
  const flags = new FlagService(deps);
  const overrides = new OverrideService(deps, OVERRIDE_PLACE);
  const usage = new UsageService(deps, rawStore.usage);
  const events = await startEventIngest({
    config: config.events,
    directory,
    usage,
    sink: rawStore.insights,
    database,
    snapshots,
    projects,
    flags,
    overrides,
    sha1Hex: (input) => hash('sha1', input, 'hex'),
    log: logger,
    metrics,
    ...(options.events === undefined ? {} : { tuning: options.events }),
  });

  pipelineGauges(metrics, () => events.pipeline.status());
  const heartbeat: NodeHeartbeat = new NodeHeartbeat({
    store: rawStore.nodes,
    version: serverVersion(),
    log: logger,
    now: Date.now,
    probe: {
      database: () => rawStore.ping(),
      changeFeed: () => listener?.connected() ?? true,
      events: () => events.pipeline.status(),
      backlog: () => events.pipeline.backlog(),
      streams: () => streams.totalCount(),
      environments: () => environmentDeliveries(snapshots, streams),
      accounts: () => events.guard.activity(),
    },
  });
  heartbeat.start(options.heartbeatMs ?? 1000);
  const pruning = pruneInsights(rawStore.insights, logger);
  const dashboard = builtDashboard(options.dashboardDir ?? DEFAULT_DASHBOARD_DIR, logger);

  const app = await buildApp({
    logger,
    traffic: { summaryMs: config.logSummaryMs, streams: () => streams.countByKind() },
    admin: {
      accounts,
      projects,
      flags,
      segments: new SegmentService(deps),
      tokens,
      sdkData: new SdkDataService(deps),
      audit: rawStore,
      delivery: (envId) => ({
        connectedStreams: streams.count(envId),
        versions: streams.recentDeliveries(envId),
      }),
      bodyLimit: config.bodyLimit,
      insights: rawStore.insights,
      usage: events.usage,
      overrides,
      heartbeat,
      series: accountSeries({ accounts, usage, meter: events.meter, now: Date.now }),
      overview: accountsOverview({
        accounts,
        usage,
        meter: events.meter,
        guard: events.guard,
        overrides,
        peers: async () =>
          (await heartbeat.cluster())
            .filter(({ self, at }) => !self && Date.now() - at <= heartbeat.aliveWithinMs())
            .map(({ status }) => status.accounts),
        breakerExpiryMs: events.breakerExpiryMs,
        now: Date.now,
      }),
      people: { ...people.deps, tokens },
      changes,
      evaluate: {
        environment: (projectKey, envKey) => snapshots.forEnvironment(projectKey, envKey),
        sha1Hex: (input) => hash('sha1', input, 'hex'),
      },
    },
    ofrep: {
      environmentForSdkKey: (key) => snapshots.forSdkKey(key),
      confirmMiss: () => snapshots.confirmMiss(),
      sha1Hex: (input) => hash('sha1', input, 'hex'),
      metrics,
    },
    sdk: {
      environmentForSdkKey: (key) => snapshots.forSdkKey(key),
      confirmMiss: () => snapshots.confirmMiss(),
      streams,
    },
    clientSide: {
      environmentForClientSideId: (id) => snapshots.forClientSideId(id),
      environmentForMobileKey: (key) => snapshots.forMobileKey(key),
      confirmMiss: () => snapshots.confirmMiss(),
      streams,
      sha1Hex: (input) => hash('sha1', input, 'hex'),
    },
    system: {
      metricsToken: config.metricsToken,
      database: () => rawStore.ping(),
      changeFeed: () => listener?.connected() ?? true,
      dataAgeMs: () => snapshots.dataAgeMs(Date.now()),
      stopping: () => closing !== undefined,
      environments: () =>
        snapshots.all().map((data) => ({
          project: data.environment.projectKey,
          environment: data.environment.key,
          dataVersion: data.environment.dataVersion,
          flags: Object.keys(data.flags).length,
          streams: streams.count(data.id),
          patternWarnings: environmentPatternWarnings(data),
        })),
      events: () => events.pipeline.status(),
      metrics,
    },
    ingest: events.api,
    dashboardDir: dashboard,
  });
  let closing: Promise<void> | undefined;
  const url = await app.listen({ host: config.host, port: config.port });
  const connections = idleConnections(app.server);
  if (dashboard !== undefined) logger.info({ url: `${url}/` }, `dashboard at ${url}/`);
  const setupUrl = people.setupToken === undefined ? undefined : `${url}/setup#token=${people.setupToken}`;
  // Printed once, like a first admin token, and kept out of the structured log: it is a secret.
  if (setupUrl !== undefined) announce(`First run: create the first admin user at ${setupUrl}`);
  return {
    app,
    url,
    createdAdminToken,
    setupUrl,
    insights: rawStore.insights,
    close: () => {
      // Readiness answers 503 at once; during the drain the node still serves, so a load
      // balancer takes it out before it stops accepting. Then end the streams (SDKs
      // reconnect elsewhere), stop accepting, let in-flight requests finish, write the
      // last usage and close the pipeline, then close the database.
      closing ??= new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs).unref())
        .then(() => {
          streams.close();
          changes.close();
          void heartbeat.close();
          clearInterval(pruning);
          const closed = app.close();
          connections.closeIdle();
          return closed;
        })
        .then(() => events.close())
        .then(() => listener?.close())
        .then(() => rawStore.close());
      return closing;
    },
  };
}
