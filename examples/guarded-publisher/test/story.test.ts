/**
 * The story, shortened (GUARDED_PUBLISHER_PHASE_SECONDS, default 3 here), against the local
 * RabbitMQ and a real Switchyard server: the spiking customer gets nothing through after the
 * CLI's cut-off while the others keep publishing, and the channel count never moves. Counts
 * only; the cut-off delay is printed, not asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brokerChannels } from '../src/channel-counter.js';
import { runStory } from '../src/story.js';
import { storyTable } from '../src/story-table.js';

test('a cut-off stops the spiking customer, the others carry on, the channels stay fixed', async (t) => {
  const seconds = Number(process.env.GUARDED_PUBLISHER_PHASE_SECONDS ?? '3');
  const report = await runStory({ phaseMs: seconds * 1000, cutOffDeadlineMs: 30_000 });
  process.stdout.write(`${storyTable(report)}\n`);
  const phase = (name: string) => {
    const found = report.phases.find((p) => p.name === name);
    assert.ok(found, `phase ${name} ran`);
    return found;
  };
  const [before, spike, after] = [phase('before'), phase('spike'), phase('after cut-off')];
  const spiker = report.spiker;
  const others = report.customers.filter((c) => c !== spiker);

  assert.ok((before.outcomes[spiker]?.accepted ?? 0) > 0, `${spiker} published before the spike`);
  assert.ok((spike.outcomes[spiker]?.accepted ?? 0) > 0, `${spiker} published during the spike`);
  assert.ok(
    (spike.outcomes[spiker]?.['rate-limited'] ?? 0) > 0,
    `${spiker}'s spike hit its per-second limit`,
  );
  assert.equal(after.outcomes[spiker]?.accepted, 0, `${spiker} got nothing through after the cut-off`);
  assert.ok((after.outcomes[spiker]?.['cut-off'] ?? 0) > 0, `${spiker} kept trying and was refused`);
  for (const customer of others) {
    const counts = after.outcomes[customer];
    assert.ok((counts?.accepted ?? 0) > 0, `${customer} kept publishing after the cut-off`);
    for (const p of report.phases) {
      assert.equal(p.outcomes[customer]?.['cut-off'], 0, `${customer} was never cut off (${p.name})`);
      assert.equal(p.outcomes[customer]?.failed, 0, `${customer} had no unconfirmed publish (${p.name})`);
    }
  }

  const samples = report.phases.flatMap((p) => p.channels);
  assert.ok(
    report.phases.every((p) => p.channels.length > 0),
    'the channel count was sampled in every phase',
  );
  assert.deepEqual(
    [...new Set(samples)],
    [report.confirmChannels],
    `the channel count stayed at ${report.confirmChannels} throughout (${report.channelSource})`,
  );

  // The broker's own view: the count above, and nothing of the publisher's left open after the run.
  const broker = await brokerChannels();
  if (broker === undefined) {
    if (process.env.CI)
      assert.fail('under CI the broker must report its channels (management API or rabbitmqctl)');
    t.diagnostic('neither the management API nor rabbitmqctl answers: channels counted from the client only');
    return;
  }
  assert.ok(report.channelsFromBroker, `the story counted the broker's channels (${report.channelSource})`);
  const deadline = Date.now() + 30_000;
  let left = await broker.read(report.connectionName);
  while (left !== undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = await broker.read(report.connectionName);
  }
  assert.equal(
    left,
    undefined,
    "the broker holds none of the publisher's connection or channels after the run",
  );
});
