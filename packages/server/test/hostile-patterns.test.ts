import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { allSurfaces, type PublicCredentials, webProjectWithClientFlag } from './support/public-surfaces.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

/** Patterns that backtrack exponentially (or polynomially) in JavaScript's RegExp on a near miss. */
const SHAPES = ['^(\\w+\\s?)+$', '^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(.*a){12}$', '^([a-zA-Z0-9]+)*@x$'];
/** A /health answer slower than this means something held the event loop (backtracking takes minutes). */
const HEALTH_BOUND_MS = 2000;

/** Serves true to a name any shape matches, or one holding "hello". */
const PATTERNS_RULE = {
  id: 'patterns',
  clauses: [{ contextKind: 'user', attribute: 'name', op: 'matches', values: [...SHAPES, 'hello'] }],
  variation: 1,
};

let s: TestServer;
let env: PublicCredentials;

before(async () => {
  s = await startTestServer('sqlite');
  env = await webProjectWithClientFlag(s, 'f');
  await s.api('POST', '/api/v1/projects/web/environments/production/segments', {
    key: 'hostile',
    rules: [{ clauses: [{ contextKind: 'user', attribute: 'name', op: 'matches', values: SHAPES }] }],
  });
  const put = await s.api('PUT', '/api/v1/projects/web/flags/f/environments/production', {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    rules: [
      PATTERNS_RULE,
      {
        id: 'segment',
        clauses: [{ contextKind: 'user', attribute: 'key', op: 'segmentMatch', values: ['hostile'] }],
        variation: 1,
      },
    ],
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
});

after(() => s.close());

const context = (name: string) =>
  JSON.stringify({ kind: 'user', key: 'k', targetingKey: 'k', name, email: name });

test('hostile names against backtracking patterns on every surface never stall /health or a stream', async () => {
  const chunks: string[] = [];
  const b64 = Buffer.from(context('zoe')).toString('base64url');
  const stream = http.get(`${s.url}/eval/${env.clientSideId}/${b64}`);
  const response = await new Promise<http.IncomingMessage>((resolve) => stream.on('response', resolve));
  response.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  await waitFor(() => chunks.join('').includes('event: put'), {
    what: 'the stream to open with a put',
    timeoutMs: 5000,
  });

  let probing = true;
  const slowest: number[] = [];
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      const health = await fetch(`${s.url}/health`);
      await health.arrayBuffer();
      slowest.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  // Near misses: long runs of word characters ending in a character no shape accepts.
  const names = [
    `${'a'.repeat(29)}!`,
    `${'a'.repeat(2000)}!`,
    `${'ab '.repeat(1000)}!`,
    `${'a'.repeat(3000)}\u0000`,
  ];
  const surfaces = Object.entries(allSurfaces(s.url, env, 'f'));
  const hostile = Promise.all(
    names.flatMap((name) =>
      surfaces.map(async ([surface, send]) => {
        const r = await send(context(name));
        assert.equal(r.status, 200, `${surface} with a ${name.length}-character name`);
      }),
    ),
  );
  const change = await s.api('PUT', '/api/v1/projects/web/flags/f/environments/production', {
    on: false,
    offVariation: 0,
    fallthrough: { variation: 0 },
  });
  assert.equal(change.status, 200, 'a flag change while the hostile requests run');
  await waitFor(() => chunks.join('').includes('event: ping'), {
    what: 'the stream to receive a ping for the change',
    timeoutMs: 5000,
  });
  await hostile;
  probing = false;
  await probe;
  stream.destroy();

  assert.ok(slowest.length > 0, 'the /health probe ran');
  const worst = Math.max(...slowest);
  assert.ok(worst < HEALTH_BOUND_MS, `the slowest /health took ${worst.toFixed(0)} ms`);
});

test('after hostile requests a normal context is evaluated correctly', async () => {
  await s.api('PUT', '/api/v1/projects/web/flags/f/environments/production', {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    rules: [PATTERNS_RULE],
  });
  for (const [surface, send] of Object.entries(allSurfaces(s.url, env, 'f'))) {
    const matching = await send(context('say hello world'));
    const missing = await send(context('good-bye'));
    assert.equal(matching.status, 200, surface);
    const value = (r: {
      body: { f?: { value: unknown }; value?: unknown; flags?: { key: string; value: unknown }[] };
    }) => r.body.f?.value ?? r.body.value ?? r.body.flags?.find((f) => f.key === 'f')?.value;
    assert.equal(value(matching), true, `${surface}: "hello" is found inside the name`);
    assert.equal(value(missing), false, `${surface}: no pattern matches "good-bye"`);
  }
});
