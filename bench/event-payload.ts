// A batch of LaunchDarkly analytics events as a server-side SDK posts it to /bulk:
// one summary, then index, feature and custom events (about 160 bytes each).
export function eventBatch(size: number, seed = 0): Record<string, unknown>[] {
  const now = Date.now();
  const context = (i: number) => ({ kind: 'user', key: `user-${seed}-${i}`, name: `User ${i}`, plan: 'pro' });
  const events: Record<string, unknown>[] = [
    {
      kind: 'summary',
      startDate: now - 5000,
      endDate: now,
      features: {
        checkout: {
          default: false,
          contextKinds: ['user'],
          counters: [
            { value: true, variation: 0, version: 7, count: 40 },
            { value: false, variation: 1, version: 7, count: 20 },
          ],
        },
        'search-v2': {
          default: 'off',
          contextKinds: ['user'],
          counters: [{ value: 'on', variation: 1, version: 3, count: 60 }],
        },
      },
    },
  ];
  for (let i = 1; i < size; i++) {
    if (i % 10 === 1) events.push({ kind: 'index', creationDate: now, context: context(i) });
    else if (i % 3 === 0)
      events.push({
        kind: 'feature',
        creationDate: now,
        context: context(i),
        key: 'checkout',
        value: true,
        variation: 0,
        version: 7,
        default: false,
      });
    else
      events.push({
        kind: 'custom',
        creationDate: now,
        context: context(i),
        key: 'purchase',
        metricValue: 12.5,
        data: { sku: `sku-${i}` },
      });
  }
  return events;
}
