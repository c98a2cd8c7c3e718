/**
 * The story: Switchyard and the service start, several customers publish, one spikes, an
 * operator cuts it off with the CLI, and the others carry on. Every publish outcome is counted
 * per phase and customer, and the publisher's channel count is sampled throughout.
 */
import { randomUUID } from 'node:crypto';
import { init } from '@switchyard/node-sdk';
import { channelCounter } from './channel-counter.js';
import { GuardedPublisher, type PublishOutcome } from './guarded-publisher.js';
import { type SwitchyardProcess, startSwitchyard } from './switchyard-process.js';

const PROJECT = 'shop';
const ENV = 'production';
export const KILL_SWITCH_FLAG = 'publish-enabled';
export const LIMIT_FLAG = 'publish-per-second';
const DEFAULT_PER_SECOND = 50;
const CONFIRM_CHANNELS = 2;

/** Events a second each customer sends; the spiking one sends `SPIKE_PER_SECOND` from the spike on. */
const CUSTOMERS: Readonly<Record<string, number>> = { acme: 20, globex: 100, initech: 20, umbrella: 20 };
export const SPIKER = 'umbrella';
const SPIKE_PER_SECOND = 400;
/** globex has a contract for more: its own limit, targeted on the number flag. */
const BIG_CUSTOMER = 'globex';

/** The operator's command: serve `false` (cut off) to the spiking customer. */
const CUT_OFF = [
  'flags',
  'target',
  KILL_SWITCH_FLAG,
  '--add',
  SPIKER,
  '--variation',
  'false',
  '--kind',
  'customer',
  '--project',
  PROJECT,
  '--env',
  ENV,
];

export type PhaseName = 'before' | 'spike' | 'after cut-off';

export interface PhaseReport {
  readonly name: PhaseName;
  seconds: number;
  readonly outcomes: Record<string, Record<PublishOutcome, number>>;
  readonly channels: number[];
}

export interface StoryReport {
  readonly customers: readonly string[];
  readonly spiker: string;
  readonly phases: readonly PhaseReport[];
  /** From the CLI command's return to the first refused publish (negative: it arrived first). */
  readonly cutOffDelayMs: number;
  /** How long the CLI command ran (a Node process start, the read and the write). */
  readonly cliMs: number;
  readonly confirmChannels: number;
  /** Where the channel count comes from. */
  readonly channelSource: string;
  /** Whether that is the broker's own count (management API or rabbitmqctl), not the client's table. */
  readonly channelsFromBroker: boolean;
  /** The publisher's connection name as the broker lists it. */
  readonly connectionName: string;
}

export interface StoryOptions {
  readonly phaseMs: number;
  readonly amqpUrl?: string;
  /** How long to wait for the cut-off to show before giving up. */
  readonly cutOffDeadlineMs?: number;
  readonly log?: (line: string) => void;
}

async function setUpFlags(switchyard: SwitchyardProcess): Promise<string> {
  await switchyard.admin('POST', '/api/v1/projects', { key: PROJECT, name: 'Shop' });
  const flags = `/api/v1/projects/${PROJECT}/flags`;
  await switchyard.admin('POST', flags, { key: KILL_SWITCH_FLAG, name: 'Publishing enabled' });
  // true (variation 0) lets a customer publish, also when the flag is off: only a target cuts off.
  await switchyard.admin('PUT', `${flags}/${KILL_SWITCH_FLAG}/environments/${ENV}`, {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
  });
  await switchyard.admin('POST', flags, {
    key: LIMIT_FLAG,
    name: 'Events per second',
    variations: [DEFAULT_PER_SECOND, 500],
  });
  await switchyard.admin('PUT', `${flags}/${LIMIT_FLAG}/environments/${ENV}`, {
    on: true,
    offVariation: 0,
    fallthrough: { variation: 0 },
    contextTargets: [{ contextKind: 'customer', values: [BIG_CUSTOMER], variation: 1 }],
  });
  const env = await switchyard.admin<{ sdkKey: string }>(
    'GET',
    `/api/v1/projects/${PROJECT}/environments/${ENV}`,
  );
  return env.sdkKey;
}

const emptyOutcomes = (): Record<PublishOutcome, number> => ({
  accepted: 0,
  'cut-off': 0,
  'rate-limited': 0,
  busy: 0,
  failed: 0,
});

function newPhase(name: PhaseName, customers: readonly string[]): PhaseReport {
  return {
    name,
    seconds: 0,
    outcomes: Object.fromEntries(customers.map((c) => [c, emptyOutcomes()])),
    channels: [],
  };
}

async function waitFor(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const until = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function runStory(options: StoryOptions): Promise<StoryReport> {
  const log = options.log ?? (() => {});
  const customers = Object.keys(CUSTOMERS);
  const switchyard = await startSwitchyard();
  const flags = init(await setUpFlags(switchyard), { baseUri: switchyard.url });
  let publisher: GuardedPublisher | undefined;
  let traffic: NodeJS.Timeout[] = [];
  try {
    await flags.waitForInitialization({ timeout: 30 });
    log(`Switchyard at ${switchyard.url}; flags ${KILL_SWITCH_FLAG} and ${LIMIT_FLAG} in ${PROJECT}/${ENV}`);
    publisher = await GuardedPublisher.start({
      amqpUrl: options.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:5672',
      queue: `guarded-publisher.events.${randomUUID()}`,
      flags,
      killSwitchFlag: KILL_SWITCH_FLAG,
      limitFlag: LIMIT_FLAG,
      defaultPerSecond: DEFAULT_PER_SECOND,
      confirmChannels: CONFIRM_CHANNELS,
    });
    const service = publisher;
    const counter = await channelCounter(service);
    const phases: PhaseReport[] = [];
    /** Where outcomes are counted now; undefined between the CLI command and the first refusal. */
    let phase: PhaseReport | undefined;
    let phaseStart = 0;
    let spiking = false;
    let firstRefusal: number | undefined;
    const sent = new Map(customers.map((c) => [c, 0]));
    const pending = new Set<Promise<void>>();
    let rateStart = performance.now();

    const publishOne = (customer: string, into: PhaseReport | undefined) => {
      const done = service.publish(customer, 'order.placed', { order: randomUUID() }).then((outcome) => {
        const counts = into?.outcomes[customer];
        if (counts) counts[outcome]++;
        if (customer === SPIKER && outcome === 'cut-off') firstRefusal ??= performance.now();
      });
      pending.add(done);
      void done.finally(() => pending.delete(done));
    };
    // Each customer sends at its own rate; a late timer sends what is due (at most a second's worth).
    const tick = () => {
      const elapsed = (performance.now() - rateStart) / 1000;
      for (const customer of customers) {
        const rate = spiking && customer === SPIKER ? SPIKE_PER_SECOND : (CUSTOMERS[customer] ?? 0);
        const due = Math.max(0, Math.min(rate, Math.floor(elapsed * rate) - (sent.get(customer) ?? 0)));
        sent.set(customer, (sent.get(customer) ?? 0) + due);
        for (let i = 0; i < due; i++) publishOne(customer, phase);
      }
    };
    const sample = () => {
      const into = phase;
      void counter.count().then(
        (n) => into?.channels.push(n),
        (error: Error) => log(`channel count: ${error.message}`),
      );
    };
    const end = () => {
      if (phase) phase.seconds = (performance.now() - phaseStart) / 1000;
      phase = undefined;
    };
    const begin = (name: PhaseName) => {
      end();
      phase = newPhase(name, customers);
      phases.push(phase);
      phaseStart = performance.now();
      log(`phase: ${name}`);
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    traffic = [setInterval(tick, 50), setInterval(sample, 250)];
    begin('before');
    await sleep(options.phaseMs);
    spiking = true;
    rateStart = performance.now();
    for (const customer of customers) sent.set(customer, 0);
    begin('spike');
    await sleep(options.phaseMs);
    // The CLI's own run (a process start) belongs to no phase: the spike ends as it starts.
    end();
    log(`$ switchyard ${CUT_OFF.join(' ')}`);
    const cliStarted = performance.now();
    log((await switchyard.cli(CUT_OFF)).trim());
    const cliReturned = performance.now();
    await waitFor(
      () => firstRefusal !== undefined,
      options.cutOffDeadlineMs ?? 30_000,
      `${SPIKER} to be refused`,
    );
    const cutOffDelayMs = (firstRefusal ?? cliReturned) - cliReturned;
    begin('after cut-off');
    await sleep(options.phaseMs);
    end();
    for (const timer of traffic) clearInterval(timer);
    await Promise.all(pending);
    return {
      customers,
      spiker: SPIKER,
      phases,
      cutOffDelayMs,
      cliMs: cliReturned - cliStarted,
      confirmChannels: CONFIRM_CHANNELS,
      channelSource: counter.source,
      channelsFromBroker: counter.fromBroker,
      connectionName: service.connectionName,
    };
  } finally {
    for (const timer of traffic) clearInterval(timer);
    await publisher?.close(true).catch(() => {});
    flags.close();
    switchyard.stop();
  }
}
