import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterDeliveryBody } from '@switchyard/server/admin-types';
import { describeArrival } from '../src/arrival/describe-arrival.js';

const at = '2026-12-07T12:00:00.000Z';
const node = (name: string, dataVersion: number | null, streams: number, alive = true) => ({
  node: name,
  self: name === 'a',
  alive,
  heartbeatAt: at,
  dataVersion,
  streams,
});
const change = (version: number, slowestMs: number | null) => ({
  version,
  items: ['flag/dark-mode'],
  committedAt: at,
  streams: 0,
  reached: 0,
  nodesBehind: [],
  slowestMs,
  slowestNode: 'b',
  dropped: 0,
});
const body = (nodes: ClusterDeliveryBody['nodes'], changes: ClusterDeliveryBody['changes']) => ({
  environment: 'p/production',
  nodes,
  changes,
});

test('every stream on every live node at the version is complete, with the slowest delay', () => {
  const arrival = describeArrival(body([node('a', 7, 1200), node('b', 9, 800)], [change(7, 37.6)]), 7, true);
  assert.deepEqual(arrival, { complete: true, text: 'Reached 2,000 of 2,000 streams on 2 nodes in 38 ms.' });
});

test('a node behind is named with its streams, and a silent node does not count', () => {
  const nodes = [node('a', 7, 1998), node('b', 6, 2), node('c', 5, 40, false)];
  const waiting = describeArrival(body(nodes, [change(7, 12)]), 7, true);
  assert.equal(waiting.complete, false);
  assert.equal(
    waiting.text,
    'Reached 1,998 of 2,000 streams on 2 nodes in 12 ms; still arriving: 2 streams on b…',
  );
  assert.match(
    describeArrival(body(nodes, []), 7, false).text,
    /still arriving: 2 streams on b \(stopped waiting\)\.$/,
  );
});

test('with no stream connected there is nothing to wait for', () => {
  const arrival = describeArrival(body([node('a', null, 0)], []), 3, true);
  assert.equal(arrival.complete, true);
  assert.match(arrival.text, /^No SDK stream is connected on 1 node/);
});
