// @trellis/ai: prompts and context, model providers, the coach turn and the note taker.
// Exported: what the other packages use. The `@public` names reach clients through
// @trellis/api and the SDK (the wire contract), which the unused-export check cannot follow.
export {
  CoachTurn,
  MAX_USER_MESSAGE_CHARS,
  type TurnRequest,
} from "./coach/coach-turn.ts";
export { CoachTurnError, InvalidOutputError } from "./coach/errors.ts";
export { DEFAULT_MAX_ATTEMPTS } from "./coach/invalid-output-policy.ts";
export { lookUpTurn } from "./coach/turn-lookup.ts";
export { requestHash } from "./coach/turn-record.ts";
export { startTurnRecovery, type TurnRecovery } from "./coach/turn-recovery.ts";
export type { CoachModel, CoachModelInput } from "./model/coach-model.ts";
export { createModels, type ModelConfig } from "./model/models.ts";
export { ScriptedCoachModel } from "./model/scripted-coach-model.ts";
export { ScriptedUser } from "./model/scripted-user.ts";
export {
  type NoteModel,
  ScriptedNoteModel,
} from "./notes/note-model.ts";
export { NoteTaker } from "./notes/note-taker.ts";
export {
  type JobClaims,
  type NoteQueue,
  PgBossNoteQueue,
  type QueueOptions,
} from "./notes/queues.ts";
export { contextKeys } from "./prompts/context-keys.ts";
export { type NewPromptVersion, PromptNotFoundError, PromptStore } from "./prompts/prompt-store.ts";
export { PromptTemplateError } from "./prompts/template.ts";
export { TracedCoachModel } from "./model/traced-coach-model.ts";
export type { Budgets } from "./usage/budget.ts";
export { UsageLedger, type UsageQuery } from "./usage/ledger.ts";
export { type ModelCallObservation, MeteredProvider } from "./usage/metered-provider.ts";
export { PriceTable } from "./usage/prices.ts";
export type { RuntimeObserver } from "./usage/runtime-observer.ts";
