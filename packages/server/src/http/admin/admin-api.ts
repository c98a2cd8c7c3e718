import type {
  AccountService,
  FlagService,
  OverrideService,
  ProjectService,
  SdkDataService,
  SegmentService,
  StoreReads,
  TokenService,
  UserService,
} from '@switchyard/control-plane';
import type { InsightsReader } from '@switchyard/pipeline';
import type { FastifyInstance } from 'fastify';
import type { NodeHeartbeat } from '../../cluster/node-heartbeat.js';
import type { AccountSeries, SeriesRange } from '../../guard/account-series.js';
import type { AccountsOverview, OverviewSort } from '../../guard/accounts-overview.js';
import type { UsageReporter } from '../../guard/usage-report.js';
import { accountRoutes } from './account-routes.js';
import type { AuditFeed } from './audit-feed.js';
import { auditRoutes } from './audit-routes.js';
import { registerAuth } from './auth.js';
import { changeRoutes } from './change-routes.js';
import { clusterRoutes } from './cluster-routes.js';
import { type DeliveryReport, deliveryRoutes } from './delivery-routes.js';
import { type EvaluateDeps, evaluateRoutes } from './evaluate-routes.js';
import { flagRoutes, revertRoute } from './flag-routes.js';
import { insightRoutes } from './insight-routes.js';
import { insightSummaryRoutes } from './insight-summary-routes.js';
import { overrideRoutes } from './override-routes.js';
import { overviewRoutes } from './overview-routes.js';
import { projectRoutes } from './project-routes.js';
import type { AdminApp } from './routes.js';
import { segmentRoutes } from './segment-routes.js';
import { type SessionRoutesDeps, sessionRoutes } from './session-routes.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

export interface AdminApiDeps {
  readonly accounts: AccountService;
  readonly projects: ProjectService;
  readonly flags: FlagService;
  readonly segments: SegmentService;
  readonly tokens: TokenService;
  readonly sdkData: SdkDataService;
  readonly audit: Pick<StoreReads, 'listAudit'>;
  /** What this node's streams received of an environment's recent changes. */
  readonly delivery: (envId: string) => DeliveryReport;
  /** Every account's traffic, usage, limits and engaged switches, for the operators' console. */
  readonly overview: (sort: OverviewSort) => Promise<AccountsOverview>;
  /** One account's events per minute or hour, on every node. */
  readonly series: (account: string, range: SeriesRange) => Promise<AccountSeries>;
  /** Every node's heartbeat, shared through the database. */
  readonly heartbeat: Pick<NodeHeartbeat, 'cluster' | 'aliveWithinMs'>;
  /** Evaluation, event and context insights folded from the SDKs' events. */
  readonly insights: InsightsReader;
  readonly bodyLimit: number;
  /** An account's event usage this month (store plus unflushed), limits and throttle. */
  readonly usage: UsageReporter;
  /** Operators' temporary overrides of accounts' operational flags. */
  readonly overrides: OverrideService;
  /** The live feed of each project's audit entries. */
  readonly changes: AuditFeed;
  /** Evaluating every flag of an environment for a context, from this node's snapshots. */
  readonly evaluate: EvaluateDeps;
  /** Users, their sessions, sign-in throttling and first-run setup. */
  readonly people: SessionRoutesDeps & {
    readonly users: UserService;
    readonly store: Pick<StoreReads, 'getUser'>;
  };
}

/** The admin API under /api/v1: its own scope, auth hook and body limit. */
export function adminApi(deps: AdminApiDeps) {
  return async function adminApiPlugin(instance: FastifyInstance): Promise<void> {
    const app = instance as unknown as AdminApp;
    const { people } = deps;
    registerAuth(instance, { tokens: deps.tokens, sessions: people.sessions, users: people.store });
    sessionRoutes(app, people);
    userRoutes(app, people.users);
    accountRoutes(app, deps.accounts, deps.usage);
    overrideRoutes(app, deps.overrides, Date.now);
    overviewRoutes(app, deps);
    projectRoutes(app, deps.projects, deps.sdkData);
    flagRoutes(app, deps.flags);
    revertRoute(app, deps.flags);
    segmentRoutes(app, deps.segments);
    tokenRoutes(app, deps.tokens);
    auditRoutes(app, deps.audit);
    deliveryRoutes(app, deps.projects, deps.delivery);
    clusterRoutes(app, deps.projects, deps.heartbeat, Date.now);
    insightRoutes(app, deps.projects, deps.flags, deps.insights);
    insightSummaryRoutes(app, deps.projects, deps.flags, deps.insights);
    evaluateRoutes(app, deps.evaluate);
    changeRoutes(app, deps.projects, deps.changes);
  };
}
