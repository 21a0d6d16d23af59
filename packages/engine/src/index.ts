// @trellis/engine: server-side execution of actions. One pipeline for every invoker, the
// handlers the catalog requires, the error taxonomy, the audit log and lifecycle events, and
// the codecs that read stored rows into the wire contract's types (src/stored/). The types a
// client sees (outcomes, errors, events, Json) are @trellis/contract's.
export {
  ActionError,
  ActionExecutionError,
  ActionNotAllowedError,
  ActionNotFoundError,
  ActionServiceError,
  ActionValidationError,
  summaryForModel,
} from "./errors.ts";
export { type EventBus, type EventListener, InProcessEventBus } from "./events/bus.ts";
export { createEventBus } from "./events/create-bus.ts";
export { DEFAULT_WIRE_DATA_BYTES, toJson } from "./events/event.ts";
export {
  EVENTS_CHANNEL,
  PostgresEventBus,
  type PostgresEventBusOptions,
  type ReconnectOptions,
} from "./events/postgres-bus.ts";
export { truncateJson, truncateUtf8, utf8ByteLength } from "./events/truncate.ts";
export type { HandlerContext } from "./handlers/context.ts";
export { handlers } from "./handlers/index.ts";
export { ActionEngine, type ActionRequest, type EngineOptions } from "./pipeline/engine.ts";
export { lockCoachState } from "./pipeline/locks.ts";
export {
  isTransientDatabaseError,
  type RetryPolicy,
  TransientDatabaseError,
} from "./pipeline/transient.ts";
export { actionLogEntryDto, readActionStatus, readInvoker } from "./stored/action.ts";
export { userDto, userNoteDto } from "./stored/user.ts";
export { promptDto, scenarioDto } from "./stored/admin.ts";
export { chatMessageDto, readComponent } from "./stored/chat-message.ts";
export { coachStateColumns, coachStateDto, readPhase } from "./stored/coach-state.ts";
export { type EveryColumn, rowSchemaOf } from "./stored/columns.ts";
export { readDetailedError } from "./stored/detailed-error.ts";
export { identityColumns, identityDto } from "./stored/identity.ts";
export { pendingActionDto, titleOf } from "./stored/pending-action.ts";
