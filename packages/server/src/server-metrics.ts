/**
 * The node's gauges and counters that are not owned by one HTTP surface: the event
 * pipeline, SDK streams and change delivery. Gauges read their value when scraped.
 */
import type { PipelineStatus } from '@switchyard/pipeline';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryRecord, StreamHub } from './delivery/stream-hub.js';

/** The pipeline's state for Prometheus; the channel count is the one to alert on if it grows. */
export function pipelineGauges(metrics: Registry, status: () => PipelineStatus): void {
  const gauge = (name: string, help: string, read: (s: PipelineStatus) => number) =>
    new Gauge({
      name,
      help,
      registers: [metrics],
      collect() {
        this.set(read(status()));
      },
    });
  gauge(
    'switchyard_events_spool_batches',
    'Event batches waiting in the local spool',
    (s) => s.spool.batches,
  );
  gauge('switchyard_events_spool_bytes', 'Bytes of event batches in the local spool', (s) => s.spool.bytes);
  gauge(
    'switchyard_events_spool_oldest_age_seconds',
    'How long the oldest batch in the local spool has waited (0 when empty)',
    (s) => (s.spool.oldestAgeMs ?? 0) / 1000,
  );
  gauge(
    'switchyard_events_inflight',
    'Event batches published and awaiting the broker confirm',
    (s) => s.inflight,
  );
  gauge(
    'switchyard_events_broker_channels_opened',
    'Broker channels this process opened since start (a small constant unless it reconnects)',
    (s) => s.channelsOpened,
  );
  gauge(
    'switchyard_events_consumer_thread',
    '1 when this node runs its event consumers on a worker thread of their own',
    (s) => (s.consumer === 'thread' ? 1 : 0),
  );
  new Counter({
    name: 'switchyard_events_broker_publishes_total',
    help: 'Broker publishes by outcome: confirmed, nacked (a full shard), returned, timed out, refused (sent to the spool)',
    labelNames: ['outcome'] as const,
    registers: [metrics],
    collect() {
      const publishes = status().publishes;
      if (publishes === undefined) return;
      this.reset();
      for (const [outcome, n] of Object.entries(publishes)) this.inc({ outcome }, n);
    },
  });
  gauge('switchyard_events_broker_up', '1 when the broker takes publishes, 0 when down or blocked', (s) =>
    s.broker === 'connected' ? 1 : 0,
  );
}

/** How long ago the node last confirmed its flag data current: its change-feed lag, at most. */
export function dataAgeGauge(metrics: Registry, dataAgeMs: () => number | undefined): void {
  new Gauge({
    name: 'switchyard_flag_data_age_seconds',
    help: 'Since this node last confirmed its flag data current (re-read after each change, at least every 10 s on PostgreSQL)',
    registers: [metrics],
    collect() {
      this.set((dataAgeMs() ?? 0) / 1000);
    },
  });
}

/** SDK streams open now and opened since start, by kind (server, client, mobile). */
export function streamMetrics(
  metrics: Registry,
  streams: Pick<StreamHub, 'countByKind' | 'openedSinceStart'>,
): void {
  new Counter({
    name: 'switchyard_sdk_streams_opened_total',
    help: 'SDK streams opened on this node, by kind (refused ones are in switchyard_http_stream_requests_total)',
    labelNames: ['kind'] as const,
    registers: [metrics],
    collect() {
      this.reset();
      for (const [kind, n] of Object.entries(streams.openedSinceStart())) this.inc({ kind }, n);
    },
  });
  new Gauge({
    name: 'switchyard_sdk_streams',
    help: 'SDK streams connected to this node, by kind (server, client, mobile)',
    labelNames: ['kind'] as const,
    registers: [metrics],
    collect() {
      for (const [kind, n] of Object.entries(streams.countByKind())) this.set({ kind }, n);
    },
  });
}

/** What a change delivered to this node's streams adds to the metrics (StreamHub's onDelivery). */
export function deliveryMetrics(metrics: Registry): (record: DeliveryRecord) => void {
  const changes = new Counter({
    name: 'switchyard_changes_total',
    help: 'Flag and segment changes committed (on any node) and delivered to this node’s streams',
    labelNames: ['kind'] as const,
    registers: [metrics],
  });
  const delay = new Histogram({
    name: 'switchyard_change_stream_delay_seconds',
    help: 'From a change’s commit to its bytes handed to the last of this node’s streams',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [metrics],
  });
  return (record) => {
    for (const item of record.items) changes.inc({ kind: item.slice(0, item.indexOf('/')) });
    delay.observe(Math.max(0, Date.parse(record.writtenAt) - Date.parse(record.committedAt)) / 1000);
  };
}
