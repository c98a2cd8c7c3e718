/**
 * What the HTTP surfaces did, for Prometheus and the log: request counts and latency by
 * route group and status, one log line per admin API request, and a periodic summary of
 * SDK, OFREP and ingest traffic (logging those per request would cost more than serving them).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * A small fixed set, so labels stay bounded whatever URLs clients send. `stream` (SDK
 * streams) is counted, never timed: its duration is the connection's.
 */
export type RouteGroup =
  | 'sdk'
  | 'client-side'
  | 'stream'
  | 'ofrep'
  | 'ingest'
  | 'admin'
  | 'dashboard'
  | 'system'
  | 'unmatched';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set for every route when it is added (see countTraffic). */
    group?: RouteGroup;
  }
}

const INGEST = /^\/(bulk|diagnostic|events\/|mobile($|\/events))/;
const STREAM = /^\/(all$|eval\/|meval)/;

export function routeGroup(url: string): RouteGroup {
  if (url.startsWith('/api/v1')) return 'admin';
  if (url.startsWith('/ofrep/')) return 'ofrep';
  if (url.startsWith('/health') || url === '/status' || url === '/metrics') return 'system';
  if (INGEST.test(url)) return 'ingest';
  if (STREAM.test(url)) return 'stream';
  if (url.startsWith('/sdk/evalx') || url.startsWith('/msdk/')) return 'client-side';
  if (url.startsWith('/sdk/')) return 'sdk';
  return 'dashboard';
}

export interface TrafficOptions {
  readonly metrics: Registry;
  readonly logger: Logger;
  /** How often a summary line is logged (0: never). */
  readonly summaryMs: number;
  /** Added to each summary: the SDK streams open now, by kind. */
  readonly streams?: () => Record<string, number>;
}

/** Groups summed up in the periodic line; admin requests have a line each, health probes none. */
const SUMMARISED = new Set<RouteGroup>([
  'sdk',
  'client-side',
  'stream',
  'ofrep',
  'ingest',
  'dashboard',
  'unmatched',
]);

/**
 * Call before any route is registered: tags each route with its group when it is added,
 * so a request costs one histogram observation and one Map update, not a URL match.
 */
export function countTraffic(app: FastifyInstance, options: TrafficOptions): { stop(): void } {
  const duration = new Histogram({
    name: 'switchyard_http_request_duration_seconds',
    help: 'HTTP requests by route group and status, and how long they took to answer (SDK streams apart)',
    labelNames: ['group', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [options.metrics],
  });
  // A stream lasts as long as its SDK stays connected, so it is never timed. Streams that
  // open are handed over to the stream hub (and counted there); this counts the others.
  const streamRequests = new Counter({
    name: 'switchyard_http_stream_requests_total',
    help: 'SDK stream requests answered without opening a stream (refused, unknown key), by status',
    labelNames: ['status'] as const,
    registers: [options.metrics],
  });
  const children = new Map<string, { observe(seconds: number): void }>();
  const interval = new Map<string, number>();
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, group: routeGroup(route.url ?? route.path) };
  });
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const group = request.routeOptions.config.group ?? 'unmatched';
    const key = `${group} ${reply.statusCode}`;
    let child = children.get(key);
    if (child === undefined) {
      const status = String(reply.statusCode);
      if (group === 'stream') {
        const counter = streamRequests.labels(status);
        child = { observe: () => counter.inc() };
      } else child = duration.labels(group, status);
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    if (SUMMARISED.has(group)) {
      const bucket = `${group} ${Math.floor(reply.statusCode / 100)}xx`;
      interval.set(bucket, (interval.get(bucket) ?? 0) + 1);
    }
    done();
  });
  const summarise = () => {
    if (interval.size === 0) return;
    const requests: Record<string, Record<string, number>> = {};
    for (const [bucket, n] of interval) {
      const [group, status] = bucket.split(' ') as [string, string];
      requests[group] = { ...requests[group], [status]: n };
    }
    interval.clear();
    options.logger.info(
      {
        requests,
        seconds: options.summaryMs / 1000,
        ...(options.streams ? { streams: options.streams() } : {}),
      },
      'traffic summary',
    );
  };
  const timer = options.summaryMs > 0 ? setInterval(summarise, options.summaryMs) : undefined;
  timer?.unref();
  return {
    stop() {
      clearInterval(timer);
      summarise();
    },
  };
}

/** One line per admin API request: who (the token's or user's id and name, never a secret), what, outcome, time. */
export function logAdminRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const who = request.principal;
    const line = {
      actor:
        who === undefined ? null : { [who.actor.kind]: who.actor.id, name: who.actor.name, role: who.role },
      method: request.method,
      route: request.routeOptions.url ?? null,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (reply.statusCode >= 500) request.log.error(line, 'admin request');
    else request.log.info(line, 'admin request');
    done();
  });
}
