export {
  type AmqpOptions,
  createEventPipeline,
  type EventPipelineOptions,
  type SpoolOptions,
} from './create-event-pipeline.js';
export { decodeFolded, encodeBatch, encodeFolded, MessageFormatError } from './events/event-batch.js';
export type {
  ContextLastSeen,
  CustomEventCount,
  EncodedPost,
  EvaluationCount,
  EventBatch,
  EventPayloadKind,
  EventSource,
  FlagContextLastSeen,
  FoldedBatch,
} from './events/event-post.js';
export {
  type ContextSeen,
  type CustomEventIncrement,
  type EvaluationIncrement,
  type FlagContextSeen,
  foldBatch,
  hourOf,
  type InsightIncrements,
  mergeFolded,
} from './events/fold-events.js';
export { type EventParseResult, MAX_EVENTS_PER_PAYLOAD, parseEventPayload } from './events/parse-events.js';
export type {
  CustomEventTotals,
  DailyEvaluations,
  EnvironmentDayTotals,
  FlagDayTotals,
  FlagEvaluationTotals,
  HourlyCustomEvents,
  HourlyEvaluations,
  HourWindow,
  InsightsReader,
  InsightsScope,
  SeenContext,
  VariationCount,
} from './insights-reader.js';
export type { PipelineLogger } from './pipeline-logger.js';
export {
  type ClosableInsightsSink,
  type Durability,
  type EventPipeline,
  type InsightsSink,
  PipelineClosedError,
  type PipelineStatus,
  ShedError,
} from './ports.js';
export { type ServeThreadOptions, serveThread, type ThreadHandler } from './threads/serve-thread.js';
export { ThreadHost, type ThreadHostOptions, ThreadStoppedError } from './threads/thread-host.js';
export { spawnWorker, workerEntry } from './threads/worker-entry.js';
