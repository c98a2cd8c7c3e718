/**
 * Each admin API operation's tag, summary and answers, as the OpenAPI document shows them.
 * Keyed by method and Fastify URL; test/openapi-document.test.ts fails when an admin route
 * has no entry here, so a new route cannot go undocumented.
 */
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import { FlagStates } from '../admin/flag-routes.js';
import {
  CustomEventSeriesSchema,
  FlagContextsSchema,
  FlagEnvironmentsSchema,
  FlagSeriesSchema,
  InsightSummarySchema,
} from '../admin/insight-schemas.js';
import {
  AccountSeriesSchema,
  AccountsOverviewSchema,
  ClusterDeliverySchema,
  NodeSchema,
  OverrideSchema,
} from '../admin/ops-schemas.js';
import * as R from './admin-responses.js';

export interface AdminOperation {
  readonly tag: string;
  readonly summary: string;
  /** Status → schema of the answer's JSON body (a 204 has `NoContent`). */
  readonly responses: Readonly<Record<number, TSchema>>;
}

const op = (tag: string, summary: string, responses: Record<number, TSchema>): AdminOperation => ({
  tag,
  summary,
  responses,
});

const P = '/api/v1/projects/:project';
const E = `${P}/environments/:env`;
const ProjectWithEnvironments = {
  ...R.Project,
  properties: { ...R.Project.properties, environments: { type: 'array', items: R.Environment } },
} as TSchema;

export const ADMIN_OPERATIONS: Readonly<Record<string, AdminOperation>> = {
  'GET /api/v1/accounts-overview': op(
    'operations',
    "Every account's event rate, usage, limits, drops and cut-offs, sorted (the operators' console)",
    { 200: AccountsOverviewSchema },
  ),
  'GET /api/v1/accounts/:account/series': op(
    'operations',
    "An account's accepted, offered and dropped events per minute (last hour) or per hour (day, week), on every node",
    { 200: AccountSeriesSchema },
  ),
  'POST /api/v1/accounts/:account/overrides': op(
    'operations',
    "Cut off an account's events, or set its sampling or per-second limit, for a while, with a reason",
    { 201: OverrideSchema },
  ),
  'GET /api/v1/accounts/:account/overrides': op('operations', "An account's overrides, newest first", {
    200: Type.Object({ items: Type.Array(OverrideSchema) }),
  }),
  'DELETE /api/v1/accounts/:account/overrides/:id': op('operations', 'Lift an override before it expires', {
    200: OverrideSchema,
  }),
  'GET /api/v1/nodes': op('operations', 'Every node of the cluster with its heartbeat and health', {
    200: Type.Object({ items: Type.Array(NodeSchema) }),
  }),
  [`GET ${E}/delivery/cluster`]: op(
    'operations',
    "Proof of arrival across the cluster: the latest changes' streams reached on every node",
    { 200: ClusterDeliverySchema },
  ),
  'POST /api/v1/sign-in': op('sessions', 'Sign in with email and password (sets the session cookie)', {
    200: R.SignedIn,
  }),
  'POST /api/v1/sign-out': op('sessions', 'End the session', { 204: R.NoContent }),
  'GET /api/v1/me': op('sessions', 'Who the caller is: token or user, role and project scope', {
    200: R.Report('kind, id, name, email, role, projectKey, csrfToken (sessions)'),
  }),
  'POST /api/v1/me/password': op('sessions', "Change the signed-in user's password", { 200: R.SignedIn }),
  'POST /api/v1/setup': op('sessions', 'Create the first admin user (first run)', {
    201: R.Report('{user}'),
  }),
  'GET /api/v1/users': op('users', 'List users', { 200: R.List(R.User) }),
  'POST /api/v1/users': op('users', 'Create a user', { 201: R.User }),
  'GET /api/v1/users/:id': op('users', 'Get a user', { 200: R.User }),
  'PATCH /api/v1/users/:id': op('users', "Change a user's name, role, scope or disabled state", {
    200: R.User,
  }),
  'POST /api/v1/users/:id/reset-password': op('users', "Reset a user's password", { 204: R.NoContent }),
  'GET /api/v1/accounts': op('accounts', 'List accounts', { 200: R.List(R.Account) }),
  'POST /api/v1/accounts': op('accounts', 'Create an account', { 201: R.Account }),
  'GET /api/v1/accounts/:account': op('accounts', 'Get an account', { 200: R.Account }),
  'PATCH /api/v1/accounts/:account': op('accounts', "Change an account's name, plan or limits", {
    200: R.Account,
  }),
  'GET /api/v1/accounts/:account/usage': op(
    'accounts',
    "An account's event usage, rates, limits and throttle",
    {
      200: R.Report('UsageReport'),
    },
  ),
  'GET /api/v1/projects': op('projects', 'List projects', { 200: R.List(R.Project) }),
  'POST /api/v1/projects': op('projects', 'Create a project (with production and test unless given)', {
    201: ProjectWithEnvironments,
  }),
  [`GET ${P}`]: op('projects', 'Get a project and its environments', { 200: ProjectWithEnvironments }),
  [`GET ${P}/environments`]: op('environments', "List a project's environments", {
    200: R.List(R.Environment),
  }),
  [`POST ${P}/environments`]: op('environments', 'Create an environment', { 201: R.Environment }),
  [`GET ${E}`]: op('environments', 'Get an environment and its credentials', { 200: R.Environment }),
  [`PATCH ${E}`]: op('environments', "Change an environment's name or secure mode", { 200: R.Environment }),
  [`POST ${E}/rotate`]: op('environments', 'Rotate the SDK key, mobile key or client-side ID', {
    200: R.Environment,
  }),
  [`GET ${E}/sdk-data`]: op('import and export', 'Export the environment in the SDK data format', {
    200: R.SdkData,
  }),
  [`PUT ${E}/sdk-data`]: op('import and export', 'Import SDK data into the environment (one transaction)', {
    200: R.Report('ImportSummary'),
  }),
  [`GET ${P}/flags`]: op('flags', "List the project's flags (tag, q, archived filters)", {
    200: R.List(R.Flag),
  }),
  [`GET ${E}/flag-states`]: op(
    'flags',
    "Every flag's on/off, version and last change in one environment (what a flag list shows)",
    { 200: FlagStates },
  ),
  [`POST ${P}/flags`]: op('flags', 'Create a flag (off in every environment)', { 201: R.FlagWithTargeting }),
  [`GET ${P}/flags/:flag`]: op('flags', 'Get a flag and its targeting in each environment', {
    200: R.FlagWithTargeting,
  }),
  [`PATCH ${P}/flags/:flag`]: op('flags', "Change a flag's definition, or archive it", { 200: R.Flag }),
  [`DELETE ${P}/flags/:flag`]: op('flags', 'Delete a flag', { 204: R.NoContent }),
  [`PUT ${P}/flags/:flag/environments/:env`]: op(
    'targeting',
    "Replace the flag's targeting in the environment",
    {
      200: R.FlagConfig,
    },
  ),
  [`POST ${P}/flags/:flag/environments/:env/toggle`]: op(
    'targeting',
    'Turn the flag on or off in the environment',
    {
      200: R.FlagConfig,
    },
  ),
  [`POST ${P}/flags/:flag/environments/:env/revert`]: op(
    'targeting',
    'Restore the targeting an audit entry recorded',
    {
      200: R.FlagConfig,
    },
  ),
  [`GET ${E}/segments`]: op('segments', "List the environment's segments", { 200: R.List(R.Segment) }),
  [`POST ${E}/segments`]: op('segments', 'Create a segment', { 201: R.Segment }),
  [`GET ${E}/segments/:segment`]: op('segments', 'Get a segment', { 200: R.Segment }),
  [`PUT ${E}/segments/:segment`]: op('segments', 'Replace a segment (keys and rules)', { 200: R.Segment }),
  [`DELETE ${E}/segments/:segment`]: op('segments', 'Delete a segment', { 204: R.NoContent }),
  'GET /api/v1/tokens': op('tokens', 'List API tokens (never their secrets)', { 200: R.List(R.ApiToken) }),
  'POST /api/v1/tokens': op('tokens', 'Create an API token (its secret is shown once)', {
    201: R.NewApiToken,
  }),
  'DELETE /api/v1/tokens/:id': op('tokens', 'Revoke an API token', { 204: R.NoContent }),
  'GET /api/v1/audit': op('audit', 'The audit log, newest first (filters, paging by ?before=)', {
    200: R.AuditPage,
  }),
  [`GET ${E}/delivery`]: op(
    'operations',
    'Proof of arrival: which streams got each recent change, how fast',
    {
      200: R.Report('DeliveryReport'),
    },
  ),
  [`GET ${E}/insights/flags`]: op('insights', 'Evaluations by flag, variation and hour', {
    200: R.Report('insights'),
  }),
  [`GET ${E}/insights/flags/:flag`]: op(
    'insights',
    "One flag's evaluations by variation, per hour or (grain=day) per UTC day",
    {
      200: FlagSeriesSchema,
    },
  ),
  [`GET ${E}/insights/flags/:flag/contexts`]: op(
    'insights',
    'The contexts that evaluated one flag recently (feature events and single-context payloads)',
    { 200: FlagContextsSchema },
  ),
  [`GET ${E}/insights/summary`]: op(
    'insights',
    'Every flag over the last days: evaluations, last evaluated, variations served, stale signal',
    { 200: InsightSummarySchema },
  ),
  [`GET ${P}/flags/:flag/insights/environments`]: op(
    'insights',
    "One flag's evaluations and last evaluation in each environment",
    { 200: FlagEnvironmentsSchema },
  ),
  [`GET ${E}/insights/events/series`]: op('insights', 'Custom events by key, hour by hour', {
    200: CustomEventSeriesSchema,
  }),
  [`GET ${E}/insights/events`]: op('insights', 'Custom events by key and hour', {
    200: R.Report('insights'),
  }),
  [`GET ${E}/insights/contexts`]: op('insights', 'Contexts last seen', { 200: R.Report('insights') }),
  [`POST ${E}/evaluate`]: op('evaluate', 'Evaluate every flag of the environment for a context', {
    200: R.Report('values, variations and reasons by flag key'),
  }),
  [`GET ${P}/changes`]: op(
    'audit',
    "The project's new audit entries as they are written (Server-Sent Events)",
    {
      200: R.Report('text/event-stream of audit entries'),
    },
  ),
};
