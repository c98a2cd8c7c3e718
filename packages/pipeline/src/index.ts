export {
  decodeBatch,
  type EventBatch,
  type EventPayloadKind,
  type EventSource,
  encodeBatch,
} from './event-batch.js';
export {
  type Durability,
  type EventPipeline,
  type InsightsSink,
  type PipelineStatus,
  ShedError,
} from './ports.js';
