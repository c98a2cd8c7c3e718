export type { AttributeReference } from './attribute-reference.js';
export { parseReference } from './attribute-reference.js';
export { bucket, type Sha1Hex } from './bucketing.js';
export { type Attributes, type Context, parseContext } from './context.js';
export { CONTEXT_LIMITS, type ContextLimit, exceededContextLimit } from './context-limits.js';
export type { Evaluation } from './evaluation.js';
export {
  type BigSegmentMembership,
  type BigSegmentsLookup,
  createEvaluator,
  type Evaluator,
  type EvaluatorOptions,
} from './evaluator.js';
export type * from './model.js';
export { OPERATORS, type Operator } from './operators.js';
export type { PatternCompiler, PatternTest, PrepareOptions } from './pattern.js';
export type { PreparedFlag } from './prepare-flag.js';
export type { PreparedSegment } from './prepare-segment.js';
export type { BigSegmentsStatus, ErrorKind, Reason, ReasonKind } from './reason.js';
export { compareSemVer, parseSemVer, type SemVer } from './semver.js';
export { prepareSnapshot, type Snapshot } from './snapshot.js';
export { contextTargetsWith, type UserPlaceholder } from './targets.js';
export { type EvaluationDetail, type ValueType, variationDetail } from './variation-detail.js';
