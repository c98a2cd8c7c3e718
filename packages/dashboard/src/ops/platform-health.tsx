/**
 * Each node of the cluster as its heartbeat reports it (through the database, so any node
 * shows all): version, last beat, broker, publishing channels, spool, consumer lag, database.
 */
import type { NodeBody } from '@switchyard/server/admin-types';
import { ErrorState, Loading } from '../ui/states';
import { When } from '../ui/when';
import { useNodes } from './ops-queries';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function spoolOf({ spool }: NodeBody): string {
  if (spool.batches === 0) return 'empty';
  const age = spool.oldestAgeMs === null ? '' : `, oldest ${seconds(spool.oldestAgeMs)}`;
  return `${spool.batches} ${spool.batches === 1 ? 'batch' : 'batches'} (${Math.ceil(spool.bytes / 1024)} KiB${age})`;
}

export function PlatformHealth() {
  const nodes = useNodes();
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Platform health</h2>
      {nodes.isPending ? (
        <Loading label="Loading nodes…" />
      ) : nodes.isError && !nodes.data ? (
        <ErrorState error={nodes.error} retry={() => nodes.refetch()} />
      ) : (
        <table className="flags nodes" aria-labelledby="health-title">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Version</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">Broker</th>
              <th scope="col">Channels</th>
              <th scope="col">Spool</th>
              <th scope="col">Consumer lag</th>
              <th scope="col">Database</th>
            </tr>
          </thead>
          <tbody>
            {nodes.data.map((node) => (
              <tr key={node.node} className={node.alive ? undefined : 'cut-off'}>
                <th scope="row">
                  <span className="flag-key">{node.node}</span>
                  {node.self && <span className="badge">this node</span>}
                  {!node.alive && <span className="badge">silent</span>}
                </th>
                <td data-label="Version">{node.version}</td>
                <td data-label="Last heartbeat">
                  <time dateTime={node.heartbeatAt} title={new Date(node.heartbeatAt).toLocaleString()}>
                    {new Date(node.heartbeatAt).toLocaleTimeString()}
                  </time>{' '}
                  <span className="help">
                    (started <When iso={node.startedAt} />)
                  </span>
                </td>
                <td data-label="Broker">{node.broker}</td>
                <td data-label="Channels">{node.publishingChannels}</td>
                <td data-label="Spool">{spoolOf(node)}</td>
                <td data-label="Consumer lag">
                  {node.consumerLag === null ? `none (${node.consumer})` : node.consumerLag}
                </td>
                <td data-label="Database">
                  {node.database.up ? 'up' : 'down'}, change feed {node.database.changeFeed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
