// @trellis/engine: server-side execution of actions. One pipeline for every invoker, the
// handlers the catalog requires, the error taxonomy, the audit log and lifecycle events.
// Exported: what the other packages use. The `@public` names reach clients through
// @trellis/api and the SDK (the wire contract), which the unused-export check cannot follow.
export type {
  /** @public named by the declarations of types that reach clients (TS2883 otherwise) */
  ActionErrorKind,
  DetailedError,
  /** @public */
  FieldError,
} from "./errors.ts";
export { type EventBus, InProcessEventBus } from "./events/bus.ts";
export { createEventBus } from "./events/create-bus.ts";
export {
  /** @public */
  type ActionEventKind,
  type ActionEventMessage,
  toJson,
} from "./events/event.ts";
export { PostgresEventBus } from "./events/postgres-bus.ts";
export type { Json } from "./events/truncate.ts";
export { handlers } from "./handlers/index.ts";
export { ActionEngine, type ActionRequest } from "./pipeline/engine.ts";
export { lockCoachState } from "./pipeline/locks.ts";
export { isTransientDatabaseError, TransientDatabaseError } from "./pipeline/transient.ts";
export type {
  ActionOutcome,
  /** @public */
  CompletedOutcome,
  /** @public */
  FailedOutcome,
  /** @public */
  PendingOutcome,
} from "./pipeline/outcome.ts";
