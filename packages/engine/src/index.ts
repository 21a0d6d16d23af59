// @trellis/engine: server-side execution of actions. One pipeline for every invoker, the
// handlers the catalog requires, the error taxonomy, the audit log and lifecycle events, and
// the codecs that read stored rows into the wire contract's types (src/stored/). The types a
// client sees (outcomes, errors, events, Json) are @trellis/contract's.
export { type EventBus, InProcessEventBus, SIGNALS_CHANNEL } from "./events/bus.ts";
export { createEventBus } from "./events/create-bus.ts";
export { PostgresEventBus } from "./events/postgres-bus.ts";
export { handlers } from "./handlers/index.ts";
export { ActionEngine } from "./pipeline/engine.ts";
export { lockCoachState } from "./pipeline/locks.ts";
export type { ActionRequest, OutcomeObservation } from "./pipeline/request.ts";
export {
  isTransientDatabaseError,
  TransientDatabaseError,
} from "./pipeline/transient.ts";
export { unknownPendingAdvice, unknownPendingTypes } from "./pipeline/unknown-pending.ts";
export { actionLogEntryDto } from "./stored/action.ts";
export { promptDto, scenarioDto } from "./stored/admin.ts";
export { chatMessageDto } from "./stored/chat-message.ts";
export {
  type CoachStateView,
  coachStateDto,
  coachStateView,
  readPhase,
} from "./stored/coach-state.ts";
export { type EveryColumn, rowSchemaOf } from "./stored/columns.ts";
export { identityColumns, identityDto } from "./stored/identity.ts";
export { pendingActionDto } from "./stored/pending-action.ts";
export { userDto, userNoteDto } from "./stored/user.ts";
