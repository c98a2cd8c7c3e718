/** A real Switchyard server for SDK tests (the server's own test helper), with one project and its SDK key. */
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.js';

export { waitFor } from '../../../pipeline/test/support/wait-for.js';
export type { TestServer };

export interface Environment {
  readonly server: TestServer;
  readonly sdkKey: string;
}

export async function startServerWithProject(): Promise<Environment> {
  const server = await startTestServer('sqlite');
  await server.api('POST', '/api/v1/projects', { key: 'app', name: 'App' });
  const sdkKey = (await server.api('GET', '/api/v1/projects/app/environments/production')).body
    .sdkKey as string;
  return { server, sdkKey };
}

/** Creates a boolean flag that is on, serving true to `alice` and false to everyone else. */
export async function createCheckoutFlag(server: TestServer): Promise<void> {
  await server.api('POST', '/api/v1/projects/app/flags', { key: 'checkout', name: 'Checkout' });
  const put = await server.api('PUT', '/api/v1/projects/app/flags/checkout/environments/production', {
    on: true,
    offVariation: 1,
    targets: [{ variation: 0, values: ['alice'] }],
    fallthrough: { variation: 1 },
  });
  if (put.status !== 200) throw new Error(`flag setup failed: ${put.status} ${JSON.stringify(put.body)}`);
}

export function toggle(server: TestServer, key: string, on: boolean) {
  return server.api('POST', `/api/v1/projects/app/flags/${key}/environments/production/toggle`, { on });
}
