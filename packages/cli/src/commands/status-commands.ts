/**
 * `status` (is this node ready, what its event pipeline looks like, and every node of the
 * cluster from its heartbeat) and `delivery` (proof of arrival: how many SDK streams on all
 * nodes each recent change reached, and the slowest node's delay). `status` exits 1 when
 * the node is not ready for either kind of traffic.
 */

import type {
  ClusterDeliveryBody,
  DeliveryReport,
  ListBody,
  NodeBody,
  Readiness,
} from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example } from '../command-kit.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';

/** What `GET /status` answers (the server declares it inline, so its shape is restated here). */
interface StatusBody {
  readonly status: 'ok' | 'degraded';
  readonly database: 'up' | 'down';
  readonly changeFeed: 'connected' | 'reconnecting';
  readonly events: {
    readonly broker: string;
    readonly consumer: string;
    readonly spool: { readonly batches: number; readonly bytes: number; readonly oldestAgeMs?: number };
    readonly inflight: number;
    readonly channelsOpened: number;
  };
  readonly environments: readonly { project: string; environment: string; flags: number; streams: number }[];
}

export function statusCommands(program: Command, io: Io): void {
  example(
    program
      .command('status')
      .description(
        "the node's readiness (SDK and admin traffic), database, change feed, broker and spool; every node's heartbeat",
      )
      .option(
        '--metrics-token <token>',
        'for servers that guard /status and /metrics (else SWITCHYARD_METRICS_TOKEN)',
      ),
    'switchyard status',
    'switchyard status --json | jq .ready.sdk.checks.spool',
  ).action(
    action(io, async (session, _args, options) => {
      const client = session.client();
      const metricsToken: string | undefined = options.metricsToken ?? io.env.SWITCHYARD_METRICS_TOKEN;
      const guarded = metricsToken ? { authorization: `Bearer ${metricsToken}` } : {};
      const [sdk, admin, status, nodes] = await Promise.all([
        client.get<Readiness>('/health/ready', { accept: [503] }),
        client.get<Readiness>('/health/ready/admin', { accept: [503] }),
        client.get<StatusBody>('/status', guarded),
        client.get<ListBody<NodeBody>>('/api/v1/nodes'),
      ]);
      const report = { url: client.url, ready: { sdk, admin }, status, nodes: nodes.items };
      session.out.result(report, () => {
        const ready = (r: Readiness) =>
          r.ready
            ? session.out.style('green', 'ready')
            : session.out.style('red', `not ready: ${r.reasons.join('; ')}`);
        const spool = status.events.spool;
        session.out.fields([
          ['server', client.url],
          ['SDK traffic', ready(sdk)],
          ['admin traffic', ready(admin)],
          ['database', status.database],
          ['change feed', `${status.changeFeed}, data ${sdk.checks.changeFeed.dataAgeMs ?? '-'} ms old`],
          [
            'broker',
            `${status.events.broker}, ${status.events.channelsOpened} channel(s) opened, ${status.events.inflight} in flight`,
          ],
          [
            'spool',
            `${spool.batches} batch(es), ${spool.bytes} bytes${spool.oldestAgeMs === undefined ? '' : `, oldest ${spool.oldestAgeMs} ms`}`,
          ],
          ['consumers', status.events.consumer],
          ['environments', status.environments.length],
        ]);
        session.out.line();
        session.out.table(nodes.items, [
          { header: 'node', value: (n) => `${n.node}${n.self ? ' (this)' : ''}` },
          { header: 'version', value: (n) => n.version },
          {
            header: 'heartbeat',
            value: (n) => (n.alive ? n.heartbeatAt : session.out.style('red', `${n.heartbeatAt} (silent)`)),
          },
          { header: 'database', value: (n) => (n.database.up ? n.database.changeFeed : 'down') },
          { header: 'broker', value: (n) => n.broker },
          { header: 'channels', value: (n) => n.publishingChannels },
          {
            header: 'spool',
            value: (n) =>
              `${n.spool.batches}${n.spool.oldestAgeMs === null ? '' : `, oldest ${n.spool.oldestAgeMs} ms`}`,
          },
          { header: 'lag', value: (n) => n.consumerLag ?? '-' },
          { header: 'streams', value: (n) => n.streams },
        ]);
      });
      if (!sdk.ready || !admin.ready) {
        throw new CliError(
          `The node is not ready: ${[...new Set([...sdk.reasons, ...admin.reasons])].join('; ')}`,
          {
            code: 'NOT_READY',
          },
        );
      }
    }),
  );

  example(
    program
      .command('delivery')
      .description(
        "proof of arrival: the environment's recent changes and how many SDK streams on all nodes have them",
      )
      .option('--node', "only the node that answers, with its streams' p50/p99 delays")
      .option('--limit <n>', 'at most this many changes', '10'),
    'switchyard delivery --env production',
    'switchyard delivery --node',
  ).action(
    action(io, async (session, _args, options) => {
      const path = `/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}/delivery`;
      const limit = Number(options.limit);
      if (options.node) {
        const report = await session.client().get<DeliveryReport & { node: number }>(path);
        const versions = report.versions.slice(0, limit);
        session.out.result({ ...report, versions }, () => {
          session.out.line(`node ${report.node}: ${report.connectedStreams} SDK stream(s) connected`);
          session.out.table(versions, [
            { header: 'version', value: (v) => v.version },
            { header: 'items', value: (v) => v.items.join(', ') },
            { header: 'committed', value: (v) => v.committedAt },
            { header: 'reached', value: (v) => `${v.written}/${v.streams}` },
            { header: 'dropped', value: (v) => v.dropped },
            { header: 'p50 ms', value: (v) => v.p50Ms ?? '-' },
            { header: 'p99 ms', value: (v) => v.p99Ms ?? '-' },
          ]);
        });
        return;
      }
      const cluster = await session.client().get<ClusterDeliveryBody>(`${path}/cluster`);
      const changes = cluster.changes.slice(0, limit);
      session.out.result({ ...cluster, changes }, () => {
        const streams = cluster.nodes.reduce((n, node) => n + node.streams, 0);
        session.out.line(`${cluster.nodes.length} node(s), ${streams} SDK stream(s) connected`);
        session.out.table(changes, [
          { header: 'version', value: (c) => c.version },
          { header: 'items', value: (c) => c.items.join(', ') },
          { header: 'committed', value: (c) => c.committedAt },
          { header: 'reached', value: (c) => `${c.reached}/${c.streams}` },
          { header: 'nodes behind', value: (c) => c.nodesBehind.join(', ') || '-' },
          {
            header: 'slowest ms',
            value: (c) => (c.slowestMs === null ? '-' : `${c.slowestMs} (${c.slowestNode})`),
          },
          { header: 'dropped', value: (c) => c.dropped },
        ]);
      });
    }),
  );
}
