/**
 * The cluster as any node sees it through the database: every node's heartbeat
 * (`/nodes`), and how far an environment's latest changes reached on all nodes
 * (`…/delivery/cluster`; `…/delivery` answers for the serving node alone).
 */
import type { ProjectService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import { clusterDelivery } from '../../cluster/cluster-delivery.js';
import type { NodeHeartbeat } from '../../cluster/node-heartbeat.js';
import { Key } from '../schemas.js';
import { ClusterDeliverySchema, NodeSchema } from './ops-schemas.js';
import type { AdminApp } from './routes.js';

export function clusterRoutes(
  app: AdminApp,
  projects: ProjectService,
  heartbeat: Pick<NodeHeartbeat, 'cluster' | 'aliveWithinMs'>,
  now: () => number,
): void {
  app.get(
    '/nodes',
    { schema: { response: { 200: Type.Object({ items: Type.Array(NodeSchema) }) } } },
    async () => {
      const at = now();
      const items = (await heartbeat.cluster()).map(({ status, at: seen, self }) => {
        const { environments: _environments, accounts: _accounts, ...rest } = status;
        return { ...rest, self, alive: self || at - seen <= heartbeat.aliveWithinMs() };
      });
      return { items };
    },
  );
  app.get(
    '/projects/:project/environments/:env/delivery/cluster',
    {
      schema: {
        params: Type.Object({ project: Key, env: Key }),
        response: { 200: ClusterDeliverySchema },
      },
    },
    async (request) => {
      const { project, env } = request.params;
      await projects.getEnvironment(project, env);
      return clusterDelivery(
        `${project}/${env}`,
        await heartbeat.cluster(),
        now(),
        heartbeat.aliveWithinMs(),
      );
    },
  );
}
