import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SeriesDelta, SeriesGrain, UsageDelta } from '@switchyard/control-plane';
import type { EventsLogger } from '../src/guard/events-logger.js';
import { UsageMeter } from '../src/guard/usage-meter.js';

const silent = { warn: () => {}, error: () => {}, info: () => {} } as unknown as EventsLogger;
const MINUTE = 60_000;

/** A store whose series write fails while `down`, recording what it was given. */
function store() {
  const written: SeriesDelta[] = [];
  const pruned: [number, Readonly<Record<SeriesGrain, number>>][] = [];
  const s = {
    down: false,
    written,
    pruned,
    record: async (_: readonly UsageDelta[]) => {},
    month: async () => new Map(),
    recordSeries: async (deltas: readonly SeriesDelta[]) => {
      if (s.down) throw new Error('the database is away');
      written.push(...deltas);
    },
    pruneSeries: async (now: number, kept: Readonly<Record<SeriesGrain, number>>) => {
      pruned.push([now, kept]);
    },
  };
  return s;
}

test('the meter writes each minute’s counts as a minute and an hour bucket, and keeps them while the database is away', async () => {
  let now = 10 * 60 * MINUTE + 30_000; // 10:00:30 on the epoch's first day
  const s = store();
  const meter = new UsageMeter(s, silent, () => now);
  meter.record('acme', 'accepted', 5);
  meter.record('acme', 'dropped.sampling', 2);
  now += MINUTE; // the next minute, same hour
  meter.record('acme', 'accepted', 3);
  assert.deepEqual(
    meter.unflushedSeries('acme', 'hour', 0).reduce((n, d) => n + d.count, 0),
    10,
    'unwritten counts are readable',
  );
  s.down = true;
  await meter.flush();
  assert.equal(s.written.length, 0);
  assert.equal(meter.unflushedSeries('acme', 'minute', 0).length, 3, 'nothing lost while the write fails');
  s.down = false;
  await meter.flush();
  const minutes = s.written
    .filter((d) => d.grain === 'minute')
    .map((d) => [d.bucket / MINUTE, d.metric, d.count]);
  assert.deepEqual(minutes.sort(), [
    [600, 'accepted', 5],
    [600, 'dropped.sampling', 2],
    [601, 'accepted', 3],
  ]);
  const hours = s.written.filter((d) => d.grain === 'hour');
  assert.ok(
    hours.every((d) => d.bucket === 10 * 60 * MINUTE),
    'both minutes fall in the 10:00 hour',
  );
  assert.equal(
    hours.filter((d) => d.metric === 'accepted').reduce((n, d) => n + d.count, 0),
    8,
  );
  assert.deepEqual(meter.unflushedSeries('acme', 'minute', 0), [], 'written counts are not counted twice');
  assert.equal(s.pruned.length, 1, 'pruned on the first flush');
  await meter.flush();
  assert.equal(s.pruned.length, 1, 'and not again within the minute');
  assert.deepEqual(s.pruned[0]?.[1], { minute: 3 * 60 * MINUTE, hour: 8 * 24 * 60 * MINUTE });
});
