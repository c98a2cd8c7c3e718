/**
 * One SDK's heap for one environment, alone in its process (run by sdk-eval.ts with --expose-gc):
 * the heap after GC before the client exists, then after it has received every flag. Prints one
 * JSON line: `{ "bytes": <growth> }`.
 */
import { init as ldInit } from '@launchdarkly/node-server-sdk';
import { init as ourInit } from '../packages/node-sdk/dist/index.js';

const sdk = process.env.PROBE_SDK;
const url = process.env.PROBE_URL ?? '';
const sdkKey = process.env.PROBE_SDK_KEY ?? '';
const probeFlag = process.env.PROBE_FLAG ?? '';
const gc = globalThis.gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const before = settledHeap();
let served: unknown;
let close: () => unknown;
if (sdk === 'ours') {
  const client = ourInit(sdkKey, { baseUri: url, sendEvents: false });
  await client.waitForInitialization({ timeout: 300 });
  served = client.jsonVariation(probeFlag, { kind: 'user', key: 'probe' }, 'missing');
  close = () => client.close();
} else if (sdk === 'ld') {
  const client = ldInit(sdkKey, {
    baseUri: url,
    streamUri: url,
    sendEvents: false,
    diagnosticOptOut: true,
    logger: silent,
  });
  await client.waitForInitialization({ timeout: 300 });
  served = await client.variation(probeFlag, { kind: 'user', key: 'probe' }, 'missing');
  close = () => client.close();
} else {
  throw new Error(`PROBE_SDK must be ours or ld, got ${sdk}`);
}
// Let the stream's last chunks and the SDK's own follow-up work settle before measuring.
await new Promise((resolve) => setTimeout(resolve, 500));
const bytes = settledHeap() - before;
if (probeFlag !== '' && served === 'missing') throw new Error(`${sdk}: flag ${probeFlag} was not delivered`);
process.stdout.write(`${JSON.stringify({ bytes })}\n`);
await close();
process.exit(0);
