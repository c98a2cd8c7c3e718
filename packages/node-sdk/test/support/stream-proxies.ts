/** Loopback TCP proxies in front of a server that misbehave on cue: one cuts a stream inside an event, one holds connections. */
import net from 'node:net';

export interface Proxy {
  readonly port: number;
  close(): Promise<void>;
}

function proxy(onClient: (client: net.Socket, sockets: Set<net.Socket>) => void): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    onClient(client, sockets);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((done) => server.close(done));
        },
      }),
    ),
  );
}

function upstreamOf(client: net.Socket, sockets: Set<net.Socket>, targetPort: number): net.Socket {
  const upstream = net.connect(targetPort, '127.0.0.1');
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  client.pipe(upstream);
  return upstream;
}

/**
 * Forwards everything, except that once armed, the first server bytes holding `marker` (an SSE
 * `event: patch`) are forwarded only up to the middle of that event, and the connection is dropped.
 */
export async function cuttingProxy(targetPort: number, marker: string) {
  let armed = false;
  let cuts = 0;
  const p = await proxy((client, sockets) => {
    const upstream = upstreamOf(client, sockets, targetPort);
    upstream.on('end', () => client.end());
    upstream.on('data', (chunk: Buffer) => {
      const at = chunk.indexOf(marker);
      if (!armed || at < 0) {
        client.write(chunk);
        return;
      }
      armed = false;
      cuts++;
      const end = chunk.indexOf('\n\n', at);
      const middle = at + Math.floor(((end < 0 ? chunk.length : end) - at) / 2);
      client.end(chunk.subarray(0, middle), () => client.destroy());
      upstream.destroy();
    });
  });
  return {
    ...p,
    /** The next event holding the marker is cut in its middle. */
    arm: () => {
      armed = true;
    },
    cuts: () => cuts,
  };
}

/** Accepts connections but connects them to the server only once released: a server too slow to answer. */
export async function holdingProxy(targetPort: number) {
  let released = false;
  const held: (() => void)[] = [];
  const p = await proxy((client, sockets) => {
    client.pause();
    const connect = () => {
      upstreamOf(client, sockets, targetPort).pipe(client);
      client.resume();
    };
    if (released) connect();
    else held.push(connect);
  });
  return {
    ...p,
    held: () => held.length,
    release: () => {
      released = true;
      for (const connect of held.splice(0)) connect();
    },
  };
}
