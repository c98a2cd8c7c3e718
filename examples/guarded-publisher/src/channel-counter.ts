/**
 * Where the story reads the broker's channel count. The broker's own view first: RabbitMQ's
 * management API when it answers on 15672, else `rabbitmqctl list_connections` (the broker's
 * CLI, when it can reach the local node); only when neither answers, the publisher's connection
 * itself (amqplib's channel table), which says what the client opened, not what the broker holds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GuardedPublisher } from './guarded-publisher.js';

export interface ChannelCounter {
  readonly source: string;
  /** Whether the count is the broker's own (management API or rabbitmqctl), not the client's. */
  readonly fromBroker: boolean;
  count(): Promise<number>;
}

/** The broker's channel count for one named connection; undefined when it holds no such connection. */
export type BrokerChannels = (connectionName: string) => Promise<number | undefined>;

const MANAGEMENT = 'http://127.0.0.1:15672';
const GUEST = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const run = promisify(execFile);

async function managementAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${MANAGEMENT}/api/overview`, {
      headers: { authorization: GUEST },
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

const fromManagement: BrokerChannels = async (connectionName) => {
  const response = await fetch(`${MANAGEMENT}/api/connections?columns=client_properties,channels`, {
    headers: { authorization: GUEST },
    signal: AbortSignal.timeout(5000),
  });
  const connections = (await response.json()) as {
    client_properties?: { connection_name?: string };
    channels?: number;
  }[];
  return connections.find((c) => c.client_properties?.connection_name === connectionName)?.channels;
};

/** rabbitmqctl prints client properties as [name, type, value] triples. */
const fromRabbitmqctl: BrokerChannels = async (connectionName) => {
  const { stdout } = await run(
    'rabbitmqctl',
    ['list_connections', 'client_properties', 'channels', '--formatter', 'json', '-q'],
    { timeout: 15_000 },
  );
  const connections = JSON.parse(stdout) as { client_properties?: unknown[][]; channels?: number }[];
  const named = (c: (typeof connections)[number]) =>
    c.client_properties?.some(([key, , value]) => key === 'connection_name' && value === connectionName);
  return connections.find(named)?.channels;
};

async function rabbitmqctlAnswers(): Promise<boolean> {
  try {
    await fromRabbitmqctl('');
    return true;
  } catch {
    return false;
  }
}

/** The broker's own view, or undefined when neither the management API nor rabbitmqctl answers. */
export async function brokerChannels(): Promise<{ source: string; read: BrokerChannels } | undefined> {
  if (await managementAnswers())
    return {
      source: `RabbitMQ's management API (${MANAGEMENT}, refreshed by the broker every few seconds)`,
      read: fromManagement,
    };
  if (await rabbitmqctlAnswers())
    return {
      source: "RabbitMQ's own view through rabbitmqctl list_connections (no management API on 15672)",
      read: fromRabbitmqctl,
    };
  return undefined;
}

export async function channelCounter(publisher: GuardedPublisher): Promise<ChannelCounter> {
  const broker = await brokerChannels();
  if (broker === undefined)
    return {
      source:
        "the publisher's own connection (amqplib's channel table; neither the management API nor rabbitmqctl answers)",
      fromBroker: false,
      count: async () => publisher.channelCount(),
    };
  // One read at a time: a sample taken while one runs shares it (rabbitmqctl starts a VM each time).
  let reading: Promise<number> | undefined;
  return {
    source: broker.source,
    fromBroker: true,
    count() {
      reading ??= broker
        .read(publisher.connectionName)
        .then((n) => n ?? 0)
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
  };
}
