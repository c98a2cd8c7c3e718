import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { allSurfaces, type PublicCredentials, webProjectWithClientFlag } from './support/public-surfaces.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let env: PublicCredentials;

before(async () => {
  s = await startTestServer('sqlite');
  env = await webProjectWithClientFlag(s, 'f');
  const clause = (op: string, values: unknown[]) => ({ contextKind: 'user', attribute: 'name', op, values });
  await s.api('PUT', '/api/v1/projects/web/flags/f/environments/production', {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    rules: [
      { id: 'm', clauses: [clause('matches', ['^(\\w+\\s?)+$', '^(a|aa)+$'])], variation: 1 },
      { id: 's', clauses: [clause('semVerGreaterThan', ['1.2.3'])], variation: 1 },
      { id: 'd', clauses: [clause('after', ['2020-01-01T00:00:00Z'])], variation: 1 },
    ],
  });
});

after(() => s.close());

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Context JSON texts: well-formed contexts, junk JSON, hostile sizes and shapes, and text that is not JSON. */
const contextText = fc.oneof(
  fc
    .record({
      kind: fc.oneof(fc.constant('user'), fc.string()),
      key: fc.oneof(fc.string(), fc.integer()),
      targetingKey: fc.string(),
      name: fc.oneof(fc.string(), fc.stringMatching(/^a{20,400}!$/)),
      extra: fc.jsonValue({ maxDepth: 6 }),
    })
    .map((c) => JSON.stringify(c)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .integer({ min: 1, max: 50_000 })
    .map((d) => `{"kind":"user","key":"k","targetingKey":"k","x":${nested(d)}}`),
  fc
    .integer({ min: 1, max: 5000 })
    .map((n) => JSON.stringify({ key: 'k', targetingKey: 'k', wide: Array(n).fill(1) })),
  fc.string(),
);

function isErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  // Ours ({code, message}), or OFREP's ({errorCode, errorDetails?}) on the OFREP surfaces.
  return (typeof b.code === 'string' && typeof b.message === 'string') || typeof b.errorCode === 'string';
}

test('any context on any public surface is answered 2xx or 4xx with an error body, and the loop never stalls', async () => {
  const surfaces = Object.entries(allSurfaces(s.url, env, 'f'));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...surfaces), contextText, async ([surface, send], text) => {
        const r = await send(text);
        assert.ok(
          r.status >= 200 && r.status < 500,
          `${surface}: status ${r.status} for ${text.slice(0, 120)}`,
        );
        // 431: Node's HTTP parser refuses a path over its header size before the app sees it.
        if (r.status >= 400 && r.status !== 431)
          assert.ok(
            isErrorBody(r.body),
            `${surface}: ${r.status} body ${JSON.stringify(r.body).slice(0, 200)}`,
          );
      }),
      { numRuns: 300 },
    );
  } finally {
    delay.disable();
  }
  const longestMs = delay.max / 1e6;
  // Generous for a shared machine; a backtracking regex or a deep recursion stalls for seconds.
  assert.ok(longestMs < 1000, `the event loop's longest delay was ${longestMs.toFixed(0)} ms`);
});
