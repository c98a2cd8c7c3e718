export { AccountService, DEFAULT_ACCOUNT_KEY, DEFAULT_PLAN, type NewAccount } from './accounts.js';
export { MAX_COMMENT_LENGTH, SYSTEM_ACTOR, type WriteOptions } from './audit.js';
export type { ControlPlaneDeps } from './deps.js';
export type * from './domain.js';
export { ControlPlaneError, type ControlPlaneErrorCode, type ErrorDetail } from './errors.js';
export type { TargetingInput } from './flag-targeting.js';
export { type FlagChange, type FlagEnvRef, FlagService, type FlagWithTargeting } from './flags.js';
export type { NewFlag } from './new-flag.js';
export type { NodeStatusRecord, NodeStatusStore } from './node-status.js';
export {
  EXPIRY_ACTOR,
  type NewOverride,
  OVERRIDE_KINDS,
  type OverridePlace,
  OverrideService,
  overrideRuleExpiry,
} from './overrides.js';
export type { Clock, PasswordHasher, Secrets } from './ports.js';
export { type NewEnvironment, type NewProject, ProjectService } from './projects.js';
export { type ImportSummary, SdkDataService } from './sdk-data.js';
export { toSdkFlag, toSdkSegment } from './sdk-json.js';
export { type SegmentInput, SegmentService } from './segments.js';
export { SessionService, type StartedSession } from './sessions.js';
export type * from './store.js';
export { hasAnyToken, type NewToken, TokenService } from './tokens.js';
export {
  type AccountRate,
  addUsage,
  emptyUsage,
  type NodeRate,
  type UsageCounts,
  type UsageDelta,
  UsageService,
  type UsageStore,
  usageMonth,
} from './usage.js';
export { DROP_REASONS, type DropReason, type UsageMetric } from './usage-metric.js';
export {
  bucketOf,
  GRAIN_MS,
  SERIES_KEPT_MS,
  type SeriesDelta,
  type SeriesGrain,
} from './usage-series.js';
export { MIN_PASSWORD_LENGTH, type NewUser, publicUser, type UserChange, UserService } from './users.js';
