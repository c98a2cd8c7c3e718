/**
 * Where the story reads the broker's channel count: RabbitMQ's management API when it answers
 * on 15672 (the broker's own view of the publisher's connection), otherwise the publisher's
 * connection itself.
 */
import type { GuardedPublisher } from './guarded-publisher.js';

export interface ChannelCounter {
  readonly source: string;
  count(): Promise<number>;
}

const MANAGEMENT = 'http://127.0.0.1:15672';
const GUEST = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

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

export async function channelCounter(publisher: GuardedPublisher): Promise<ChannelCounter> {
  if (!(await managementAnswers()))
    return {
      source: "the publisher's own connection (amqplib's channel table; no management API on 15672)",
      count: async () => publisher.channelCount(),
    };
  return {
    source: `RabbitMQ's management API (${MANAGEMENT}, refreshed by the broker every few seconds)`,
    async count() {
      const response = await fetch(`${MANAGEMENT}/api/connections?columns=client_properties,channels`, {
        headers: { authorization: GUEST },
      });
      const connections = (await response.json()) as {
        client_properties?: { connection_name?: string };
        channels?: number;
      }[];
      const ours = connections.find((c) => c.client_properties?.connection_name === publisher.connectionName);
      return ours?.channels ?? 0;
    },
  };
}
