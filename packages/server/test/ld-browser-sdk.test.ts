/**
 * The official LaunchDarkly browser SDK, in headless Chromium, against Switchyard's
 * client-side endpoints: it initializes from /sdk/evalx, streams /eval, and sees a
 * flag change through the stream's ping. The page is served from another origin, so
 * CORS is exercised too.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`);

// The SDK's ESM build is one self-contained file, served to the page as it is.
const sdkBundle = readFileSync(
  createRequire(import.meta.url)
    .resolve('@launchdarkly/js-client-sdk')
    .replace(/index\.cjs$/, 'index.js'),
  'utf8',
);

let s: TestServer;
let page: http.Server;
let browser: Browser;
let pageUrl: string;
let clientSideId: string;

before(async () => {
  if (!available) return;
  s = await startTestServer('sqlite');
  await s.api('POST', '/api/v1/projects', { key: 'web', name: 'Web' });
  clientSideId = (await s.api('GET', '/api/v1/projects/web/environments/production')).body.clientSideId;
  await s.api('POST', '/api/v1/projects/web/flags', {
    key: 'new-header',
    name: 'New header',
    variations: ['old', 'new'],
    clientSideAvailability: { usingEnvironmentId: true },
  });
  await s.api('PUT', '/api/v1/projects/web/flags/new-header/environments/production', {
    on: true,
    offVariation: 0,
    targets: [{ variation: 1, values: ['ann'] }],
    fallthrough: { variation: 0 },
  });
  await s.api('POST', '/api/v1/projects/web/flags', { key: 'server-only', name: 'Server only' });
  const html = `<!doctype html><script type="module">
    import { createClient } from './sdk.js';
    const client = createClient(${JSON.stringify(clientSideId)}, { kind: 'user', key: 'ann' }, {
      baseUri: ${JSON.stringify(s.url)}, streamUri: ${JSON.stringify(s.url)}, eventsUri: ${JSON.stringify(s.url)},
      streaming: true, sendEvents: false,
    });
    window.client = client;
    window.started = client.start().then((r) => r.status);
  </script>`;
  page = http.createServer((request, response) => {
    const js = request.url === '/sdk.js';
    response.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    response.end(js ? sdkBundle : html);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  page?.close();
  await s?.close();
});

test('the official browser SDK initializes from Switchyard and follows a flag change live', {
  skip: available ? false : 'no Chromium',
}, async () => {
  const tab = await browser.newPage();
  await tab.goto(pageUrl);
  const status = await tab.evaluate(() => (globalThis as unknown as { started: Promise<string> }).started);
  assert.equal(status, 'complete');
  const read = (key: string) =>
    tab.evaluate(
      (k) =>
        (globalThis as unknown as { client: { variation(k: string, d: string): string } }).client.variation(
          k,
          'none',
        ),
      key,
    );
  assert.equal(await read('new-header'), 'new');
  assert.equal(await read('server-only'), 'none', 'a flag not available to client-side IDs is not sent');
  await s.api('POST', '/api/v1/projects/web/flags/new-header/environments/production/toggle', { on: false });
  const deadline = Date.now() + 5000;
  while ((await read('new-header')) !== 'old') {
    if (Date.now() > deadline) assert.fail('the browser never saw the flag turned off');
    await new Promise((r) => setTimeout(r, 50));
  }
});
