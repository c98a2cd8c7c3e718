/**
 * Malformed and truncated stream data, which a real server does not send: a stream server in the
 * test writes exactly the bytes each case needs.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { init, type Logger, type SwitchyardClient } from '../src/index.js';
import { waitFor } from './support/server.js';

const connections: http.ServerResponse[] = [];
const stream = http.createServer((request, response) => {
  if (request.url !== '/all') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  connections.push(response);
});
await new Promise<void>((resolve) => stream.listen(0, '127.0.0.1', resolve));
const baseUri = `http://127.0.0.1:${(stream.address() as AddressInfo).port}`;
const clients: SwitchyardClient[] = [];

after(async () => {
  for (const c of clients) c.close();
  stream.closeAllConnections();
  await new Promise((resolve) => stream.close(resolve));
});

function flag(version: number, served: number) {
  return {
    key: 'x',
    version,
    on: true,
    variations: [true, false],
    fallthrough: { variation: served },
    salt: 'x',
  };
}

function put(version: number, served: number): string {
  return `event: put\ndata: ${JSON.stringify({ path: '/', data: { flags: { x: flag(version, served) }, segments: {} } })}\n\n`;
}

function patch(version: number, served: number): string {
  return `event: patch\ndata: ${JSON.stringify({ path: '/flags/x', data: flag(version, served) })}\n\n`;
}

const warnings: string[] = [];
const logger: Logger = {
  error: () => {},
  warn: (_object, message) => warnings.push(message ?? ''),
  info: () => {},
  debug: () => {},
};
const user = { kind: 'user', key: 'u' };

test('malformed stream messages are logged and skipped; the data held and later messages still apply', async () => {
  const c = init('sdk-key', { baseUri, initialReconnectDelayMs: 50, logger });
  clients.push(c);
  await waitFor(() => connections.length === 1, { what: 'the client to connect' });
  const response = connections[0] as http.ServerResponse;
  response.write(put(1, 0));
  await c.waitForInitialization({ timeout: 30 });
  assert.equal(c.boolVariation('x', user, false), true);
  response.write('event: patch\ndata: {"path": "/flags/x", "data": {\n\n');
  response.write(
    `event: patch\ndata: ${JSON.stringify({ path: '/flags/x', data: { key: 'x', on: false } })}\n\n`,
  );
  response.write(`event: patch\ndata: ${JSON.stringify({ path: '/nowhere/x', data: flag(9, 1) })}\n\n`);
  response.write(`event: put\ndata: ${JSON.stringify({ path: '/', data: { flags: [1, 2] } })}\n\n`);
  response.write('event: delete\ndata: {"path": "/flags/x"}\n\n');
  await waitFor(() => warnings.length >= 5, { what: 'five warnings for five malformed messages' });
  assert.equal(c.boolVariation('x', user, false), true);
  response.write(patch(2, 1));
  await waitFor(() => c.boolVariationDetail('x', user, true).variationIndex === 1, {
    what: 'the valid patch',
  });
  assert.equal(c.dataSourceState(), 'valid');
});

test('a message cut off by a dropped connection is never applied; the reconnection brings a fresh put', async () => {
  const c = init('sdk-key', { baseUri, initialReconnectDelayMs: 50, logger });
  clients.push(c);
  const before = connections.length;
  await waitFor(() => connections.length === before + 1, { what: 'the client to connect' });
  const first = connections.at(-1) as http.ServerResponse;
  first.write(put(1, 0));
  await c.waitForInitialization({ timeout: 30 });
  const changes: string[] = [];
  c.on('update:x', ({ key }) => changes.push(key));
  const whole = patch(2, 1);
  first.end(whole.slice(0, whole.length - 10));
  await waitFor(() => connections.length === before + 2, { what: 'the client to reconnect' });
  assert.equal(c.boolVariation('x', user, false), true);
  assert.deepEqual(changes, []);
  (connections.at(-1) as http.ServerResponse).write(put(3, 1));
  await waitFor(() => changes.length === 1, { what: 'the fresh put to change x' });
  assert.equal(c.boolVariation('x', user, true), false);
});
