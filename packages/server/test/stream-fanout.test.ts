import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
let sdkKey: string;

before(async () => {
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'fan', name: 'Fan' });
  sdkKey = (await s.api('GET', '/api/v1/projects/fan/environments/production')).body.sdkKey;
  await s.api('POST', '/api/v1/projects/fan/flags', { key: 'switch', name: 'Switch' });
});

after(() => s.close());

interface Stream {
  readonly request: http.ClientRequest;
  readonly response: http.IncomingMessage;
  text(): string;
  closed(): boolean;
}

async function openStream(read = true): Promise<Stream> {
  const request = http.get(`${s.url}/all`, { headers: { authorization: sdkKey }, agent: false });
  const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
  let text = '';
  let closed = false;
  for (const emitter of [response, request]) {
    emitter.on('close', () => {
      closed = true;
    });
  }
  response.on('error', () => {});
  if (read) response.on('data', (chunk: Buffer) => (text += chunk.toString()));
  else response.pause();
  return { request, response, text: () => text, closed: () => closed };
}

async function putCount(): Promise<number> {
  const metrics = String((await s.api('GET', '/metrics', undefined, null)).body);
  return Number(/switchyard_stream_put_serializations (\d+)/.exec(metrics)?.[1]);
}

test('a reconnect storm is served from one cached payload per data version', async () => {
  const before = await putCount();
  const streams = await Promise.all(Array.from({ length: 300 }, () => openStream()));
  const deadline = Date.now() + 10_000;
  while (!streams.every((x) => x.text().includes('event: put'))) {
    if (Date.now() > deadline) assert.fail('not every stream got its put');
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok((await putCount()) - before <= 1, 'the environment was serialized at most once for 300 streams');
  for (const x of streams) x.request.destroy();
});
