/**
 * `status` (is this node ready, and what its event pipeline and peers look like) and
 * `delivery` (proof of arrival: how many SDK streams each recent change reached, and how
 * fast). `status` exits 1 when the node is not ready for either kind of traffic.
 */

import type { DeliveryReport, Readiness } from '@switchyard/server/admin-types';
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

/** The other nodes this one shares account rates with, from /metrics (null when not exported). */
function peerNodes(metrics: string): number | null {
  const line = metrics.split('\n').find((l) => l.startsWith('switchyard_events_rate_peer_nodes'));
  const value = line === undefined ? Number.NaN : Number(line.split(/\s+/).at(-1));
  return Number.isFinite(value) ? value : null;
}

export function statusCommands(program: Command, io: Io): void {
  example(
    program
      .command('status')
      .description(
        "the node's readiness (SDK and admin traffic), database, change feed, broker, spool and peer nodes",
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
      const [sdk, admin, status, metrics] = await Promise.all([
        client.get<Readiness>('/health/ready', { accept: [503] }),
        client.get<Readiness>('/health/ready/admin', { accept: [503] }),
        client.get<StatusBody>('/status', guarded),
        client.get<string>('/metrics', guarded),
      ]);
      const report = { url: client.url, ready: { sdk, admin }, status, peerNodes: peerNodes(metrics) };
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
          ['peer nodes', report.peerNodes ?? '-'],
          ['environments', status.environments.length],
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
        "proof of arrival: the environment's recent changes, the SDK streams each reached and how fast",
      )
      .option('--limit <n>', 'at most this many changes', '10'),
    'switchyard delivery --env production',
  ).action(
    action(io, async (session, _args, options) => {
      const report = await session
        .client()
        .get<DeliveryReport & { node: number }>(
          `/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}/delivery`,
        );
      const versions = report.versions.slice(0, Number(options.limit));
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
    }),
  );
}
