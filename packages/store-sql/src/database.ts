/**
 * The tables, as Kysely sees them. JSON is stored as TEXT and booleans as 0/1 on
 * both databases, so one implementation serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface AccountRow {
  key: string;
  name: string;
  plan: string;
  limits: string;
  created_at: string;
}

export interface ProjectRow {
  key: string;
  name: string;
  account_key: string;
  system: number;
  created_at: string;
}

export interface EnvironmentRow {
  project_key: string;
  key: string;
  name: string;
  sdk_key: string;
  mobile_key: string;
  client_side_id: string;
  secure_mode: number;
  data_version: number;
  created_at: string;
}

export interface FlagRow {
  project_key: string;
  key: string;
  name: string;
  description: string;
  tags: string;
  temporary: number;
  variations: string;
  client_side_availability: string;
  archived: number;
  created_at: string;
  version: number;
}

export interface FlagConfigRow {
  project_key: string;
  environment_key: string;
  flag_key: string;
  config: string;
  version: number;
}

export interface SegmentRow {
  project_key: string;
  environment_key: string;
  key: string;
  data: string;
  version: number;
}

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  project_key: string | null;
  token_hash: string;
  created_at: string;
  revoked: number;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  project_key: string | null;
  disabled: number;
  password_hash: string;
  created_at: string;
}

export interface SessionRow {
  secret_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface AuditRow {
  id: Generated<number>;
  at: string;
  actor_id: string;
  actor: string;
  action: string;
  resource_kind: string;
  project_key: string | null;
  environment_key: string | null;
  resource_key: string;
  before: string;
  after: string;
  comment: string | null;
}

export interface ChangeRow {
  seq: Generated<number>;
  project_key: string;
  environment_key: string;
  kind: string;
  key: string;
  version: number;
  deleted: number;
  at: string;
}

export interface UsageRow {
  account_key: string;
  month: string;
  metric: string;
  /** bigint on PostgreSQL, which pg returns as a string. */
  count: number | string;
}

/** Insights rows: bigint columns come back from pg as strings. */
type Big = number | string;

export interface InsightEvaluationRow {
  project_key: string;
  environment_key: string;
  flag_key: string;
  /** -1: unknown. */
  variation: number;
  hour: Big;
  count: Big;
}

/** Evaluations per UTC day, kept with the hourly rows (migration 0009). */
export interface InsightEvaluationDayRow {
  project_key: string;
  environment_key: string;
  flag_key: string;
  /** -1: unknown. */
  variation: number;
  day: Big;
  count: Big;
  /** The latest hour of the day with evaluations. */
  last_hour: Big;
}

export interface InsightCustomEventRow {
  project_key: string;
  environment_key: string;
  event_key: string;
  hour: Big;
  count: Big;
  metric_sum: number;
}

export interface InsightContextRow {
  project_key: string;
  environment_key: string;
  context_kind: string;
  context_key: string;
  last_seen: Big;
}

export interface InsightFlagContextRow extends InsightContextRow {
  flag_key: string;
}

export interface ProcessedPayloadRow {
  project_key: string;
  environment_key: string;
  payload_id: string;
  processed_at: Big;
}

export interface UsageSeriesRow {
  account_key: string;
  grain: string;
  bucket: Big;
  metric: string;
  count: Big;
}

export interface NodeRateRow {
  node: string;
  account_key: string;
  offered: number;
  accepted: number;
  /** bigint on PostgreSQL, which pg returns as a string. */
  at: Big;
}

export interface AccountOverrideRow {
  id: string;
  account_key: string;
  active: number;
  set_at: string;
  /** The whole override as JSON. */
  data: string;
}

export interface NodeStatusRow {
  node: string;
  at: Big;
  /** The node's status as JSON. */
  status: string;
}

export interface Database {
  accounts: AccountRow;
  projects: ProjectRow;
  environments: EnvironmentRow;
  flags: FlagRow;
  flag_configs: FlagConfigRow;
  segments: SegmentRow;
  api_tokens: TokenRow;
  users: UserRow;
  sessions: SessionRow;
  audit_log: AuditRow;
  changes: ChangeRow;
  usage: UsageRow;
  node_rates: NodeRateRow;
  usage_series: UsageSeriesRow;
  account_overrides: AccountOverrideRow;
  node_status: NodeStatusRow;
  insight_evaluations: InsightEvaluationRow;
  insight_evaluation_days: InsightEvaluationDayRow;
  insight_custom_events: InsightCustomEventRow;
  insight_contexts: InsightContextRow;
  insight_flag_contexts: InsightFlagContextRow;
  processed_payloads: ProcessedPayloadRow;
}
