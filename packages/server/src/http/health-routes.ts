/**
 * Liveness and readiness for load balancers and Kubernetes. Liveness asks only whether
 * the process answers; readiness asks whether this node can do its job, per kind of
 * traffic: SDK delivery, OFREP and ingest keep working from the last data during a store
 * outage, the admin API does not, so the two are checked apart.
 */
import type { PipelineStatus } from '@switchyard/pipeline';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface HealthDeps {
  /** Whether the database answers. */
  readonly database: () => Promise<boolean>;
  /** Whether changes committed on other nodes reach this one. */
  readonly changeFeed: () => boolean;
  /** Milliseconds since this node last confirmed its data current (undefined before the first load). */
  readonly dataAgeMs: () => number | undefined;
  /** The event pipeline: broker state, spool depth and oldest batch. */
  readonly events: () => PipelineStatus;
  /** True from the first shutdown signal on. */
  readonly stopping: () => boolean;
}

/** `sdk`: SDK delivery, client-side, mobile, OFREP and event ingest. `admin`: the admin API and dashboard. */
type Scope = 'sdk' | 'admin';

export interface Readiness {
  readonly ready: boolean;
  readonly scope: Scope;
  /** Why the node is not ready, one sentence each; empty when ready. */
  readonly reasons: readonly string[];
  readonly checks: {
    readonly store: 'up' | 'down';
    readonly changeFeed: { readonly state: 'connected' | 'reconnecting'; readonly dataAgeMs: number | null };
    readonly broker: PipelineStatus['broker'];
    readonly spool: { readonly batches: number; readonly bytes: number; readonly oldestAgeMs: number | null };
  };
}

export async function readiness(deps: HealthDeps, scope: Scope): Promise<Readiness> {
  const [database, changeFeed, events, dataAgeMs] = [
    await deps.database(),
    deps.changeFeed(),
    deps.events(),
    deps.dataAgeMs(),
  ];
  const reasons: string[] = [];
  if (deps.stopping()) reasons.push('shutting down');
  if (dataAgeMs === undefined) reasons.push('flag data not loaded yet');
  // The store holds every admin write; SDK traffic is served from memory and does not need it.
  if (scope === 'admin' && !database) reasons.push('the database does not answer; admin writes would fail');
  return {
    ready: reasons.length === 0,
    scope,
    reasons,
    checks: {
      store: database ? 'up' : 'down',
      changeFeed: { state: changeFeed ? 'connected' : 'reconnecting', dataAgeMs: dataAgeMs ?? null },
      broker: events.broker,
      spool: {
        batches: events.spool.batches,
        bytes: events.spool.bytes,
        oldestAgeMs: events.spool.oldestAgeMs ?? null,
      },
    },
  };
}

function answer(reply: FastifyReply, result: Readiness): Readiness {
  // Never cached: a load balancer must see the state of now.
  reply.header('cache-control', 'no-store').status(result.ready ? 200 : 503);
  return result;
}

export function healthRoutes(deps: HealthDeps) {
  return async function healthPlugin(app: FastifyInstance): Promise<void> {
    // Liveness checks no dependency: restarting a node does not bring its database back.
    app.get('/health/live', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'live' };
    });
    app.get('/health/ready', async (_request, reply) => answer(reply, await readiness(deps, 'sdk')));
    app.get('/health/ready/admin', async (_request, reply) => answer(reply, await readiness(deps, 'admin')));
    // Kept for compatibility: 200 while the node serves SDKs, "degraded" in the body.
    app.get('/health', async (_request, reply) => {
      const sdk = await readiness(deps, 'sdk');
      const { store, changeFeed, broker, spool } = sdk.checks;
      const database = store === 'up';
      reply.header('cache-control', 'no-store').status(sdk.ready ? 200 : 503);
      return {
        status: sdk.ready
          ? database && changeFeed.state === 'connected'
            ? 'ok'
            : 'degraded'
          : 'unavailable',
        database: store,
        changeFeed: changeFeed.state,
        // A broker that is down or blocked degrades nothing SDKs see: ingest spools.
        events: { broker, spooledBatches: spool.batches },
        ...(database
          ? {}
          : { serving: 'the last data loaded; admin writes fail until the database is back' }),
        ...(sdk.ready ? {} : { reasons: sdk.reasons }),
      };
    });
  };
}
