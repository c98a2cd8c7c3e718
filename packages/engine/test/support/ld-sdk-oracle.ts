/**
 * The official LaunchDarkly Node SDK as an oracle, offline: data goes in through its
 * TestData source and nothing leaves the process.
 */
import { init, type LDClient } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';

const silent = { error() {}, warn() {}, info() {}, debug() {} };

export interface Oracle {
  load(flags: Record<string, unknown>, segments: Record<string, unknown>): Promise<void>;
  detail(
    flagKey: string,
    context: unknown,
    defaultValue: unknown,
  ): Promise<{ value: unknown; variationIndex: number | null; reason: unknown }>;
  close(): void;
}

export async function startOracle(): Promise<Oracle> {
  const td = new TestData();
  const client: LDClient = init('sdk-differential-test', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: silent,
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    async load(flags, segments) {
      // Keys are unique per data set, so earlier sets cannot interfere.
      for (const segment of Object.values(segments)) await td.usePreconfiguredSegment(segment);
      for (const flag of Object.values(flags)) await td.usePreconfiguredFlag(flag);
    },
    async detail(flagKey, context, defaultValue) {
      const d = await client.variationDetail(flagKey, context as never, defaultValue);
      return { value: d.value, variationIndex: d.variationIndex ?? null, reason: d.reason };
    },
    close: () => client.close(),
  };
}
