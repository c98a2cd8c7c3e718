/**
 * The admin API's request and response types, for clients such as the dashboard. Types only:
 * importing this entry (with `import type`) bundles no server code. Request bodies come from
 * the routes' TypeBox schemas; responses are the control plane's domain types the routes return.
 */
export type {
  Account,
  AuditEntry,
  Environment,
  Flag,
  FlagConfig,
  FlagState,
  FlagWithTargeting,
  ImportSummary,
  Project,
  Role,
  Segment,
  User,
} from '@switchyard/control-plane';
export type { SdkData } from '@switchyard/engine';
export type { ErrorBody } from './errors.js';
export type { UsageReport } from './guard/usage-report.js';
export type { DeliveryReport } from './http/admin/delivery-routes.js';
export type { EvaluateBody, EvaluationsBody } from './http/admin/evaluate-routes.js';
export type { FlagChangeBody, NewFlagBody, RevertBody, ToggleBody } from './http/admin/flag-routes.js';
export type { SeenContextsBody } from './http/admin/insight-routes.js';
export type {
  CustomEventSeriesBody,
  FlagContextsBody,
  FlagEnvironmentsBody,
  FlagSeriesBody,
  InsightSummaryBody,
  StaleSignal,
} from './http/admin/insight-schemas.js';
export type {
  AccountSeriesBody,
  AccountsOverviewBody,
  ClusterDeliveryBody,
  NodeBody,
  OverrideBody,
} from './http/admin/ops-schemas.js';
export type { NewOverrideBody } from './http/admin/override-routes.js';
export type {
  MeBody,
  PasswordChangeBody,
  SessionBody,
  SetupBody,
  SignInBody,
} from './http/admin/session-routes.js';
export type { NewUserBody, UserChangeBody } from './http/admin/user-routes.js';
export type { Readiness } from './http/health-routes.js';
export type { SegmentBody, TargetingBody } from './http/schemas.js';

/** The admin API's list responses: `{items}`. */
export interface ListBody<T> {
  readonly items: readonly T[];
}
