/**
 * The operator's story (support/operator-story.ts) against a server publishing events to
 * the local RabbitMQ: accepted posts are durable in the broker, the cut-off account's posts
 * are dropped (kill-switch) while the other two continue, and it resumes after the expiry.
 */
import { after, before, test } from 'node:test';
import {
  deleteTopology,
  reachable,
  SHARED_AMQP_URL,
  uniquePrefix,
} from '../../pipeline/test/support/broker.js';
import { type Dashboard, skip as noBrowser, startDashboard } from './support/dashboard-harness.js';
import { cutOffStory, type Story, storyTenants } from './support/operator-story.js';

const available = await reachable(5672);
if (!available && process.env.CI) throw new Error('RabbitMQ is required under CI but is not reachable');
const skip = noBrowser || (available ? false : 'RabbitMQ is not reachable at 127.0.0.1:5672');

const prefix = uniquePrefix();
const SHARDS = 2;
let d: Dashboard;
let story: Story;

before(async () => {
  if (skip) return;
  d = await startDashboard('ops-console-rabbitmq', {
    env: {
      AMQP_URL: SHARED_AMQP_URL,
      SWITCHYARD_AMQP_PREFIX: prefix,
      SWITCHYARD_AMQP_SHARDS: String(SHARDS),
    },
  });
  story = {
    d,
    tenants: await storyTenants(d),
    accepted: 'accepted; durable=broker',
    health: /this node.*connected.*up, change feed connected/,
  };
});

after(async () => {
  await d?.close();
  if (!skip) await deleteTopology(SHARED_AMQP_URL, prefix, SHARDS).catch(() => {});
});

test(
  'with RabbitMQ, the operator cuts off the spiking account until a time and it publishes again by itself',
  {
    skip,
  },
  () => cutOffStory(story),
);
