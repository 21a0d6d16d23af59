// @trellis/engine: server-side execution of actions. One pipeline for every invoker, the
// handlers the catalog requires, the error taxonomy, the audit log and lifecycle events.
export {
  ActionError,
  type ActionErrorKind,
  ActionExecutionError,
  ActionNotAllowedError,
  ActionNotFoundError,
  ActionServiceError,
  ActionValidationError,
  type DetailedError,
  type FieldError,
  summaryForModel,
} from "./errors.ts";
export { type EventBus, type EventListener, InProcessEventBus } from "./events/bus.ts";
export { createEventBus } from "./events/create-bus.ts";
export {
  type ActionEventKind,
  type ActionEventMessage,
  DEFAULT_WIRE_DATA_BYTES,
  toJson,
} from "./events/event.ts";
export {
  EVENTS_CHANNEL,
  PostgresEventBus,
  type PostgresEventBusOptions,
  type ReconnectOptions,
} from "./events/postgres-bus.ts";
export { type Json, truncateJson, truncateUtf8, utf8ByteLength } from "./events/truncate.ts";
export type { HandlerContext } from "./handlers/context.ts";
export { handlers } from "./handlers/index.ts";
export {
  ActionEngine,
  type ActionRequest,
  type EngineOptions,
  type OutcomeObservation,
} from "./pipeline/engine.ts";
export { lockCoachState } from "./pipeline/locks.ts";
export {
  isTransientDatabaseError,
  type RetryPolicy,
  TransientDatabaseError,
} from "./pipeline/transient.ts";
export type {
  ActionOutcome,
  CompletedOutcome,
  FailedOutcome,
  PendingOutcome,
} from "./pipeline/outcome.ts";
export {
  currentTraceIds,
  engineTracer,
  inSpan,
  inSpanSync,
  type TraceIds,
} from "./tracing.ts";
