import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import { startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

// Loopback absorbs about 4 MiB towards a client that never reads (its receive window
// stays small, the server's send buffer grows to tcp_wmem's 4 MiB), so the changes
// must be large: two 400 KiB variations make every patch ~800 KiB, within the admin
// API's 1 MiB body limit. The loop stops at the drop, and at MAX_CHANGES whatever happens.
const MAX_QUEUED = 256 * 1024;
const VARIATION_CHARS = 400 * 1024;
const MAX_CHANGES = 60;
const RECEIPT_MS = 3000;
const ENV = '/api/v1/projects/slow/environments/production';
const variations = ['a'.repeat(VARIATION_CHARS), 'b'.repeat(VARIATION_CHARS)];

const silent = { error() {}, warn() {}, info() {}, debug() {} };
let s: TestServer;
let sdkKey: string;
let sdk: LDClient | undefined;
const sockets: net.Socket[] = [];
const requests: http.ClientRequest[] = [];
/** The server's side of each connection by client port, to see what it queues for a client. */
const serverSockets = new Map<number, net.Socket>();

before(async () => {
  s = await startTestServer('sqlite', undefined, { maxQueuedBytes: MAX_QUEUED });
  s.server.app.server.on('connection', (socket: net.Socket) => {
    if (socket.remotePort !== undefined) serverSockets.set(socket.remotePort, socket);
  });
  await s.api('POST', '/api/v1/projects', { key: 'slow', name: 'Slow' });
  sdkKey = (await s.api('GET', ENV)).body.sdkKey;
});

after(async () => {
  sdk?.close();
  for (const socket of sockets) socket.destroy();
  for (const request of requests) request.destroy();
  await s.close();
});

/** A plain SSE reader of `GET /all` that keeps every patch's flag version and size. */
interface Reader {
  readonly versions: number[];
  largestEvent: number;
}

async function openReader(): Promise<Reader> {
  const reader: Reader = { versions: [], largestEvent: 0 };
  const request = http.get(`${s.url}/all`, { headers: { authorization: sdkKey }, agent: false });
  requests.push(request);
  const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
  assert.equal(response.statusCode, 200);
  response.setEncoding('utf8');
  let buffered = '';
  response.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      reader.largestEvent = Math.max(reader.largestEvent, event.length + 2);
      const data = /^event: patch\ndata: (.*)$/s.exec(event)?.[1];
      if (data !== undefined) reader.versions.push(JSON.parse(data).data.version);
    }
  });
  return reader;
}

/**
 * A client that sends a valid stream request on a raw socket (so no HTTP client reads
 * ahead for it) and reads nothing, or only the headers and the `put` when `readPut`.
 */
function openRawStream(key: string, readPut: boolean): Promise<net.Socket> {
  const { hostname, port } = new URL(s.url);
  const socket = net.connect(Number(port), hostname);
  sockets.push(socket);
  socket.write(`GET /all HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: ${key}\r\n\r\n`);
  if (!readPut) {
    socket.pause();
    return new Promise((resolve, reject) =>
      socket.once('connect', () => resolve(socket)).once('error', reject),
    );
  }
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.startsWith('HTTP/1.1 200') && /event: put\ndata: [^\n]*\n\n/.test(text)) {
        socket.off('data', onData);
        socket.pause();
        resolve(socket);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Reads a raw stream again until `done` holds for what it received, then closes it. */
async function readOn(socket: net.Socket, done: (text: string) => boolean): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.resume();
  await waitFor(() => done(text), { what: 'the raw stream to catch up', timeoutMs: RECEIPT_MS });
  socket.destroy();
  return text;
}

async function latestDelivery(env = ENV) {
  const report = (await s.api('GET', `${env}/delivery`)).body;
  return { connected: report.connectedStreams as number, record: report.versions[0] };
}

test('a stream whose client stops reading is dropped, with bounded memory, while the others get every change at once', async () => {
  const reader = await openReader();
  sdk = init(sdkKey, {
    baseUri: s.url,
    streamUri: s.url,
    eventsUri: s.url,
    sendEvents: false,
    diagnosticOptOut: true,
    logger: silent,
  });
  await sdk.waitForInitialization({ timeout: 5 });
  let sdkUpdates = 0;
  sdk.on('update:big', () => sdkUpdates++);
  const stuck = await openRawStream(sdkKey, true);
  const stuckOnServer = serverSockets.get(stuck.localPort as number);
  assert.ok(stuckOnServer, 'the stuck client has a connection on the server');
  assert.equal((await latestDelivery()).connected, 3, 'the stuck client counts as a stream');

  const created = await s.api('POST', '/api/v1/projects/slow/flags', { key: 'big', name: 'Big', variations });
  assert.equal(created.status, 201, JSON.stringify(created.body).slice(0, 200));
  await waitFor(() => reader.versions.length === 1 && sdkUpdates === 1, {
    what: 'the new flag at both healthy streams',
    timeoutMs: RECEIPT_MS,
  });
  sdkUpdates = 0;

  const versions: number[] = [];
  let peakQueued = 0;
  let dropAt: number | undefined;
  const change = async (i: number) => {
    const response = await s.api('POST', '/api/v1/projects/slow/flags/big/environments/production/toggle', {
      on: i % 2 === 0,
    });
    assert.equal(response.status, 200);
    const version = response.body.version as number;
    versions.push(version);
    // Writes happen before the admin API answers, and the stuck client drains nothing.
    peakQueued = Math.max(peakQueued, stuckOnServer.writableLength);
    await waitFor(() => reader.versions.includes(version) && sdkUpdates === versions.length, {
      what: `change ${i} (version ${version}) at both healthy streams (reader ${reader.versions.at(-1)}, sdk ${sdkUpdates})`,
      timeoutMs: RECEIPT_MS,
    });
    return (await latestDelivery()).record;
  };

  for (let i = 0; i < MAX_CHANGES && dropAt === undefined; i++) {
    const record = await change(i);
    if (record.dropped > 0) {
      dropAt = i;
      assert.deepEqual([record.streams, record.written, record.dropped], [3, 2, 1]);
    } else assert.deepEqual([record.streams, record.written], [3, 3]);
  }
  assert.ok(dropAt !== undefined, `the stuck stream was not dropped within ${MAX_CHANGES} changes`);
  await waitFor(() => stuckOnServer.destroyed, {
    what: 'the server to close the stuck connection',
    timeoutMs: RECEIPT_MS,
  });
  assert.equal((await latestDelivery()).connected, 2, 'the stream count dropped');

  // After the drop the remaining streams keep getting every change.
  for (let i = dropAt + 1; i <= dropAt + 3; i++) {
    const record = await change(i);
    assert.deepEqual([record.streams, record.written, record.dropped], [2, 2, 0]);
  }
  assert.deepEqual(reader.versions.slice(1), versions, 'the SSE reader got every change in order');
  assert.equal(sdkUpdates, versions.length, 'the official SDK saw every change');
  const state = (await sdk.allFlagsState({ kind: 'user', key: 'u' })).toJSON() as {
    $flagsState: Record<string, { version: number }>;
  };
  assert.equal(state.$flagsState.big?.version, versions.at(-1));

  // Memory for the stuck client was bounded: the limit plus the one message that crossed it.
  assert.ok(peakQueued > MAX_QUEUED, `the test did overflow the queue (peak ${peakQueued} bytes)`);
  assert.ok(
    peakQueued <= MAX_QUEUED + reader.largestEvent + 64,
    `queued ${peakQueued} bytes for the stuck client, more than ${MAX_QUEUED} + one ${reader.largestEvent}-byte message`,
  );

  // Reading again, the stuck client finds its stream ended and far fewer bytes than were sent.
  let received = 0;
  stuck.on('error', () => {});
  stuck.on('data', (chunk: Buffer) => (received += chunk.length));
  let closed = false;
  stuck.once('close', () => (closed = true));
  stuck.resume();
  await waitFor(() => closed, { what: 'the stuck client to see its stream end', timeoutMs: RECEIPT_MS });
  const sent = versions.length * reader.largestEvent;
  assert.ok(received < sent, `the stuck client got ${received} of ${sent} bytes: it was cut off`);
});

test('a client still reading a large put is not dropped by a change made meanwhile', async () => {
  const bulk = '/api/v1/projects/bulk/environments/production';
  await s.api('POST', '/api/v1/projects', { key: 'bulk', name: 'Bulk' });
  const key = (await s.api('GET', bulk)).body.sdkKey;
  // About 6.4 MiB of environment: more than loopback absorbs, so most of the put stays queued.
  for (let i = 0; i < 8; i++) {
    const created = await s.api('POST', '/api/v1/projects/bulk/flags', {
      key: `f${i}`,
      name: `F${i}`,
      variations,
    });
    assert.equal(created.status, 201);
  }
  const slow = await openRawStream(key, false);
  await waitFor(() => serverSockets.get(slow.localPort as number) !== undefined, {
    what: 'the connection on the server',
    timeoutMs: RECEIPT_MS,
  });
  const onServer = serverSockets.get(slow.localPort as number) as net.Socket;
  await waitFor(async () => (await latestDelivery(bulk)).connected === 1, {
    what: 'the slow stream to open',
    timeoutMs: RECEIPT_MS,
  });
  assert.ok(
    onServer.writableLength > MAX_QUEUED,
    `the put is still queued (${onServer.writableLength} bytes)`,
  );

  const toggled = await s.api('POST', '/api/v1/projects/bulk/flags/f0/environments/production/toggle', {
    on: true,
  });
  assert.equal(toggled.status, 200);
  const record = (await latestDelivery(bulk)).record;
  assert.deepEqual([record.streams, record.written, record.dropped], [1, 1, 0]);

  const text = await readOn(slow, (received) => {
    const at = received.indexOf('event: patch');
    return at !== -1 && received.indexOf('\n\n', at) !== -1;
  });
  const put = JSON.parse(/event: put\ndata: ([^\n]*)\n\n/.exec(text)?.[1] ?? 'null');
  assert.deepEqual(Object.keys(put.data.flags).sort(), ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
  const change = JSON.parse(/event: patch\ndata: ([^\n]*)\n\n/.exec(text)?.[1] ?? 'null');
  assert.deepEqual(
    [change.path, change.data.on, change.data.version],
    ['/flags/f0', true, toggled.body.version],
  );
});
