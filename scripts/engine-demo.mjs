// `npm start` until the server lands (issue 3): evaluates a small flag set with the engine.
import { hash } from 'node:crypto';
import {
  createEvaluator,
  parseContext,
  prepareSnapshot,
  variationDetail,
} from '../packages/engine/dist/index.js';

const snapshot = prepareSnapshot({
  flags: {
    'new-checkout': {
      version: 3,
      on: true,
      salt: 'checkout',
      variations: [true, false],
      offVariation: 1,
      targets: [{ variation: 0, values: ['alice'] }],
      rules: [
        {
          id: 'internal-staff',
          clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@switchyard.dev'] }],
          variation: 0,
        },
        {
          id: 'beta-orgs',
          clauses: [{ contextKind: 'organization', attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
          variation: 0,
        },
      ],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 20000 },
            { variation: 1, weight: 80000 },
          ],
        },
      },
    },
  },
  segments: { beta: { version: 1, includedContexts: [{ contextKind: 'organization', values: ['acme'] }] } },
});

const evaluator = createEvaluator({ sha1Hex: (input) => hash('sha1', input, 'hex') });
const contexts = [
  { kind: 'user', key: 'alice' },
  { kind: 'user', key: 'bob', email: 'bob@switchyard.dev' },
  { kind: 'multi', user: { key: 'carol' }, organization: { key: 'acme' } },
  { kind: 'user', key: 'dave' },
  { kind: 'user', key: 'erin' },
  { kind: 'user', key: '' },
];

console.log('Switchyard engine demo: flag "new-checkout"\n');
for (const raw of contexts) {
  const detail = variationDetail(
    evaluator.evaluate(snapshot, 'new-checkout', parseContext(raw)),
    false,
    'bool',
  );
  console.log(
    `${JSON.stringify(raw).padEnd(72)} -> ${String(detail.value).padEnd(5)} ${JSON.stringify(detail.reason)}`,
  );
}
