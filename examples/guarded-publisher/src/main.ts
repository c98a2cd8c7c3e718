/**
 * `npm run example`: the guarded-publisher story against the local RabbitMQ.
 * GUARDED_PUBLISHER_PHASE_SECONDS sets each phase's length (default 5); AMQP_URL the broker.
 */
import { runStory } from './story.js';
import { storyTable } from './story-table.js';

const seconds = Number(process.env.GUARDED_PUBLISHER_PHASE_SECONDS ?? '5');
if (!(seconds > 0 && seconds <= 600)) {
  process.stderr.write('GUARDED_PUBLISHER_PHASE_SECONDS must be a number of seconds between 0 and 600\n');
  process.exit(2);
}
const report = await runStory({
  phaseMs: seconds * 1000,
  ...(process.env.AMQP_URL ? { amqpUrl: process.env.AMQP_URL } : {}),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`\n${storyTable(report)}\n`);
