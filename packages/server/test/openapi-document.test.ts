import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ADMIN_OPERATIONS } from '../src/http/openapi/admin-operations.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: the document is read freely
let doc: any;

before(async () => {
  s = await startTestServer('sqlite');
  const answer = await s.api('GET', '/api/v1/openapi.json', undefined, null);
  assert.equal(answer.status, 200);
  doc = answer.body;
});
after(() => s.close());

const operations = (): [string, string, Record<string, unknown>][] =>
  Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
    ([path, ops]) =>
      Object.entries(ops).map(([method, op]): [string, string, Record<string, unknown>] => [
        method,
        path,
        op,
      ]),
  );

test('the document covers the admin API only: no SDK, OFREP, event or system paths', () => {
  const paths = Object.keys(doc.paths);
  assert.ok(paths.length > 30, `${paths.length} paths`);
  for (const path of paths) assert.ok(path.startsWith('/api/v1/'), `${path} is not an admin path`);
  for (const path of ['/all', '/bulk', '/ofrep/v1/evaluate/flags', '/status', '/health/ready'])
    assert.ok(!(path in doc.paths), `${path} is listed`);
});

test('every admin operation has a tag, a summary and a response schema for its success', () => {
  const all = operations();
  assert.equal(
    all.length,
    Object.keys(ADMIN_OPERATIONS).length,
    'every operation of the table is in the document',
  );
  for (const [method, path, op] of all) {
    const where = `${method.toUpperCase()} ${path}`;
    assert.ok(Array.isArray(op.tags) && op.tags.length === 1, `${where} has a tag`);
    assert.ok(typeof op.summary === 'string' && op.summary.length > 5, `${where} has a summary`);
    const responses = op.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
    const success = Object.keys(responses).filter((status) => status.startsWith('2'));
    assert.ok(success.length > 0, `${where} documents a success`);
    for (const status of success) {
      if (status === '204') continue;
      assert.ok(responses[status]?.content?.['application/json']?.schema, `${where} ${status} has a schema`);
    }
  }
});

test('real answers match the schemas the document gives for them', async () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const check = async (method: string, path: string, template: string, body?: unknown) => {
    const answer = await s.api(method, path, body);
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    const schema =
      doc.paths[template]?.[method.toLowerCase()]?.responses?.[answer.status]?.content?.['application/json']
        ?.schema;
    assert.ok(schema, `${method} ${template} ${answer.status} is documented`);
    const valid = ajv.validate(schema, answer.body);
    assert.ok(valid, `${method} ${path}: ${ajv.errorsText()} in ${JSON.stringify(answer.body)}`);
  };
  const P = '/api/v1/projects/{project}';
  await check('POST', '/api/v1/projects', '/api/v1/projects', { key: 'shop', name: 'Shop' });
  await check('GET', '/api/v1/projects', '/api/v1/projects');
  await check('GET', '/api/v1/projects/shop', P);
  await check('GET', '/api/v1/projects/shop/environments/production', `${P}/environments/{env}`);
  await check('POST', '/api/v1/projects/shop/flags', `${P}/flags`, { key: 'f', name: 'F' });
  await check('GET', '/api/v1/projects/shop/flags/f', `${P}/flags/{flag}`);
  await check('GET', '/api/v1/projects/shop/flags', `${P}/flags`);
  await check(
    'POST',
    '/api/v1/projects/shop/flags/f/environments/production/toggle',
    `${P}/flags/{flag}/environments/{env}/toggle`,
    {
      on: true,
    },
  );
  await check(
    'POST',
    '/api/v1/projects/shop/environments/production/segments',
    `${P}/environments/{env}/segments`,
    {
      key: 'beta',
      name: 'Beta',
    },
  );
  await check(
    'GET',
    '/api/v1/projects/shop/environments/production/sdk-data',
    `${P}/environments/{env}/sdk-data`,
  );
  await check('GET', '/api/v1/audit?project=shop', '/api/v1/audit');
  await check('POST', '/api/v1/tokens', '/api/v1/tokens', { name: 'ci', role: 'reader' });
  await check('GET', '/api/v1/tokens', '/api/v1/tokens');
  await check('GET', '/api/v1/accounts', '/api/v1/accounts');
  await check('GET', '/api/v1/me', '/api/v1/me');
});

test('the API reference page is served with its own assets, nothing from elsewhere', async () => {
  const page = await fetch(`${s.url}/api/v1/reference/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /swagger-ui/i);
  const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
  assert.ok(sources.length > 0, html);
  for (const source of sources) {
    assert.ok(!/^(https?:)?\/\//.test(source), `${source} is loaded from elsewhere`);
    const asset = await fetch(new URL(source, page.url));
    assert.equal(asset.status, 200, `${source}`);
  }
  const initializer = sources.find((source) => source.includes('swagger-initializer'));
  assert.ok(initializer, sources.join());
  const init = await (await fetch(new URL(initializer, page.url))).text();
  assert.match(init, /openapi|json/, "the page loads this server's document");
});
