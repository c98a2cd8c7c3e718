import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CONTEXT_LIMITS } from '@switchyard/engine';
import {
  allSurfaces,
  bodySurfaces,
  type PublicCredentials,
  webProjectWithClientFlag,
} from './support/public-surfaces.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let env: PublicCredentials;

before(async () => {
  s = await startTestServer('sqlite');
  env = await webProjectWithClientFlag(s, 'f');
});

after(() => s.close());

/** A context (with both an LD key and an OFREP targeting key) carrying `extra` as its JSON text. */
const withAttribute = (extra: string) => `{"kind":"user","key":"k","targetingKey":"k","extra":${extra}}`;

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const breaches: Record<string, { json: string; code: string }> = {
  'a context nested 100,000 deep': { json: withAttribute(nested(100_000)), code: 'CONTEXT_TOO_DEEP' },
  'a context one level past the depth limit': {
    json: withAttribute(nested(CONTEXT_LIMITS.depth)),
    code: 'CONTEXT_TOO_DEEP',
  },
  'a context with too many attributes': {
    json: withAttribute(JSON.stringify(Array.from({ length: CONTEXT_LIMITS.attributes }, () => 0))),
    code: 'CONTEXT_TOO_MANY_ATTRIBUTES',
  },
  'a context with too long a string': {
    json: withAttribute(JSON.stringify('x'.repeat(CONTEXT_LIMITS.stringLength + 1))),
    code: 'CONTEXT_STRING_TOO_LONG',
  },
  'a context larger than the byte limit': {
    json: withAttribute(JSON.stringify(Array.from({ length: 20 }, () => 'x'.repeat(4000)))),
    code: 'CONTEXT_TOO_LARGE',
  },
};

for (const [what, { json, code }] of Object.entries(breaches)) {
  test(`${what} is refused with 400 ${code} on every surface that takes a body`, async () => {
    for (const [surface, send] of Object.entries(bodySurfaces(s.url, env, 'f'))) {
      const r = await send(json);
      // OFREP's body limit (twice the context's) refuses the 100,000-deep body before parsing it.
      if (surface.startsWith('OFREP') && json.length > 2 * CONTEXT_LIMITS.bytes) {
        assert.equal(r.status, 413, surface);
        continue;
      }
      assert.equal(r.status, 400, `${surface}: ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.equal(r.body.code, code, surface);
      assert.equal(typeof r.body.message, 'string', surface);
    }
  });
}

test('a too-deep context in the path is refused with 400 CONTEXT_TOO_DEEP', async () => {
  const json = withAttribute(nested(200));
  for (const [surface, send] of Object.entries(allSurfaces(s.url, env, 'f'))) {
    const r = await send(json);
    assert.equal(r.status, 400, surface);
    assert.equal(r.body.code, 'CONTEXT_TOO_DEEP', surface);
  }
});

test('a context just inside every limit is evaluated on every surface', async () => {
  const json = withAttribute(
    JSON.stringify({ deep: JSON.parse(nested(CONTEXT_LIMITS.depth - 3)), name: 'x'.repeat(1000) }),
  );
  for (const [surface, send] of Object.entries(allSurfaces(s.url, env, 'f'))) {
    const r = await send(json);
    assert.equal(r.status, 200, `${surface}: ${JSON.stringify(r.body).slice(0, 200)}`);
  }
});

test('event ingest refuses an event whose context breaks a limit with 400 and the limit code', async () => {
  const events = (context: string) =>
    `[{"kind":"custom","key":"clicked","creationDate":1700000000000,"context":${context}}]`;
  const posts = {
    'server events': (body: string) =>
      fetch(`${s.url}/bulk`, {
        method: 'POST',
        headers: { authorization: env.sdkKey, 'content-type': 'application/json' },
        body,
      }),
    'browser events': (body: string) =>
      fetch(`${s.url}/events/bulk/${env.clientSideId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
  };
  for (const [surface, post] of Object.entries(posts)) {
    for (const [what, { json, code }] of Object.entries(breaches)) {
      const r = await post(events(json));
      const body = (await r.json()) as { code: string };
      assert.equal(r.status, 400, `${surface}, ${what}: ${JSON.stringify(body).slice(0, 200)}`);
      assert.equal(body.code, code, `${surface}, ${what}`);
    }
    const fine = await post(events('{"kind":"user","key":"k","name":"ann"}'));
    assert.equal(fine.status, 202, `${surface}: a normal event is accepted`);
  }
});
