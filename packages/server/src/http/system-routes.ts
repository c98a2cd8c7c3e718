import type { PipelineStatus } from '@switchyard/pipeline';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { PatternWarning } from './pattern-warnings.js';

export interface SystemDeps {
  /** Whether the database answers. */
  readonly database: () => Promise<boolean>;
  /** Whether changes committed on other nodes reach this one. */
  readonly changeFeed: () => boolean;
  /** What this node serves, per environment (no credentials). */
  readonly environments: () => readonly EnvironmentStatus[];
  /** The event pipeline: broker state, spool depth, confirms in flight, channels opened. */
  readonly events: () => PipelineStatus;
  readonly metrics: Registry;
}

export interface EnvironmentStatus {
  readonly project: string;
  readonly environment: string;
  readonly dataVersion: number;
  readonly flags: number;
  readonly streams: number;
  /** `matches` patterns that never match because RE2 cannot compile them, by flag or segment. */
  readonly patternWarnings: readonly (PatternWarning & { readonly item: string })[];
}

/** /health, /status and /metrics: unauthenticated, cheap, for load balancers, operators and Prometheus. */
export function systemRoutes(deps: SystemDeps) {
  return async function systemPlugin(app: FastifyInstance): Promise<void> {
    // Without its database a node still serves SDKs the last data it has: it is
    // degraded (no writes, no new changes), not down, and says so.
    app.get('/health', async () => {
      const database = await deps.database();
      const changeFeed = deps.changeFeed();
      // A broker that is down or blocked degrades nothing SDKs see: ingest spools.
      const events = deps.events();
      return {
        status: database && changeFeed ? 'ok' : 'degraded',
        database: database ? 'up' : 'down',
        changeFeed: changeFeed ? 'connected' : 'reconnecting',
        events: { broker: events.broker, spooledBatches: events.spool.batches },
        ...(database
          ? {}
          : { serving: 'the last data loaded; admin writes fail until the database is back' }),
      };
    });
    app.get('/status', async () => {
      const database = await deps.database();
      const changeFeed = deps.changeFeed();
      return {
        status: database && changeFeed ? 'ok' : 'degraded',
        database: database ? 'up' : 'down',
        changeFeed: changeFeed ? 'connected' : 'reconnecting',
        events: deps.events(),
        environments: deps.environments(),
      };
    });
    app.get('/metrics', async (_request, reply) =>
      reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
    );
  };
}
