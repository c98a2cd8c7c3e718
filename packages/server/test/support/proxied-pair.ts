/** Two nodes on one PostgreSQL schema: `writer` reaches it directly, `node` only through a proxy a test can cut. */
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface ProxiedPair {
  readonly writer: TestServer;
  readonly node: TestServer;
  readonly proxy: TcpProxy;
  /** Restores the proxy, then stops both nodes and the proxy. */
  close(): Promise<void>;
}

export async function startProxiedPair(): Promise<ProxiedPair> {
  const writer = await startTestServer('postgres');
  const proxy = await startTcpProxy(5432);
  const url = new URL(writer.databaseUrl as string);
  url.port = String(proxy.port);
  const node = await startTestServer('postgres', url.toString());
  return {
    writer,
    node,
    proxy,
    async close() {
      await proxy.restore().catch(() => {});
      await node.close();
      await writer.close();
      await proxy.close();
    },
  };
}
