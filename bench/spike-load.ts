/**
 * The drill's spiker (event-drill.ts, startSpiker), in a process of its own that
 * loads nothing but Node's own modules and the payload, so starting it costs little.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { eventBatch } from './event-payload.js';

const EVENTS = 100;
const BODY_BYTES = Buffer.from(JSON.stringify(eventBatch(EVENTS)));

/**
 * The spiker's generator: posts paced as `paced` does, written to raw keep-alive sockets
 * as prebuilt requests, one in flight per socket, the answers read just far enough to
 * count them. Node's HTTP client spent about 0.4 of a core on the spike, a share of
 * this 2-core machine the spiking customer's own machines would pay in production.
 */
function connect(url: string, connections: number): Promise<net.Socket[]> {
  const { hostname, port } = new URL(url);
  return Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(port), hostname, () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
}

async function rawPaced(
  url: string,
  sdkKey: string,
  seconds: number,
  rate: number,
  sockets: readonly net.Socket[],
): Promise<{ ok: number; failed: number }> {
  const { hostname, port, pathname } = new URL(url);
  const head = (id: string) =>
    `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\nauthorization: ${sdkKey}\r\n` +
    `content-type: application/json\r\ncontent-length: ${BODY_BYTES.length}\r\n` +
    `x-launchdarkly-payload-id: ${id}\r\n\r\n`;
  let ok = 0;
  let failed = 0;
  const idle: net.Socket[] = [];
  let queued = 0;
  let answered = 0;
  const send = (socket: net.Socket) => {
    socket.cork();
    socket.write(head(randomUUID()));
    socket.write(BODY_BYTES);
    socket.uncork();
  };
  const total = Math.round(rate * seconds);
  const done = new Promise<void>((resolve) => {
    for (const socket of sockets) {
      socket.on('error', () => {});
      let buffered: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) return;
          const headers = buffered.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
          if (buffered.length < end + 4 + length) return;
          buffered = buffered.subarray(end + 4 + length);
          if (headers.startsWith('HTTP/1.1 202')) ok += 1;
          else failed += 1;
          answered += 1;
          if (answered === total) resolve();
          if (queued > 0) {
            queued -= 1;
            send(socket);
          } else idle.push(socket);
        }
      });
    }
  });
  idle.push(...sockets);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const socket = idle.pop();
    if (socket === undefined) queued += 1;
    else send(socket);
  }
  // A socket the server closed leaves its post unanswered: give up on those after a while.
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  for (const socket of sockets) socket.destroy();
  return { ok, failed: failed + (total - answered) };
}

/**
 * `spike-load.ts url key seconds rate connections`: connects, prints "ready", reads the
 * moment to start (epoch ms) from stdin, posts, and prints its outcome as JSON.
 */
async function main(args: string[]): Promise<void> {
  const [url, sdkKey, seconds, rate, connections] = args;
  const sockets = await connect(url as string, Number(connections));
  process.stdout.write('ready\n');
  const startAt = await new Promise<number>((resolve) =>
    process.stdin.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  process.stdin.pause();
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const cpu = process.cpuUsage();
  const result = await rawPaced(url as string, sdkKey as string, Number(seconds), Number(rate), sockets);
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      eventsPerSecond: (result.ok * EVENTS) / Number(seconds),
      failed: result.failed,
      cores: (used.user + used.system) / 1e6 / Number(seconds),
    }),
  );
}

await main(process.argv.slice(2));
