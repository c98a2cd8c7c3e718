import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventSummarizer } from '../src/event-summarizer.js';

test('evaluations are counted per flag, version and variation, and an unknown flag apart', () => {
  const s = new EventSummarizer();
  for (let i = 0; i < 3; i++) s.record('checkout', 4, 1, true, false, ['user']);
  s.record('checkout', 4, 0, false, false, ['org']);
  s.record('checkout', 5, 1, true, false, ['user']);
  s.record('checkout', 5, null, false, false, ['user']);
  s.record('missing', undefined, null, 'd', 'd', ['user']);
  const event = s.take() as { kind: string; startDate: number; endDate: number; features: unknown };
  assert.equal(event.kind, 'summary');
  assert.ok(event.startDate > 0 && event.endDate >= event.startDate);
  assert.deepEqual(event.features, {
    checkout: {
      default: false,
      contextKinds: ['user', 'org'],
      counters: [
        { variation: 0, version: 4, value: false, count: 1 },
        { variation: 1, version: 4, value: true, count: 3 },
        { variation: 1, version: 5, value: true, count: 1 },
        { version: 5, value: false, count: 1 },
      ],
    },
    missing: { default: 'd', contextKinds: ['user'], counters: [{ unknown: true, value: 'd', count: 1 }] },
  });
  assert.equal(s.take(), undefined, 'the counts start over after a take');
});
