/** The official LaunchDarkly Node server SDK pointed at a test server, quiet and quick to reconnect. */
import { init, type LDClient, type LDOptions } from '@launchdarkly/node-server-sdk';

const silent = { error() {}, warn() {}, info() {}, debug() {} };

export function ldClient(url: string, sdkKey: string, options: LDOptions = {}): LDClient {
  return init(sdkKey, {
    baseUri: url,
    streamUri: url,
    eventsUri: url,
    logger: silent,
    diagnosticOptOut: true,
    streamInitialReconnectDelay: 0.05,
    ...options,
  });
}
