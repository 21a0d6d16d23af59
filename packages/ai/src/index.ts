// @trellis/ai: prompts and context, model providers, the coach turn and the note taker.
export {
  CoachTurn,
  type CoachTurnOptions,
  MAX_USER_MESSAGE_CHARS,
  type NoteTakerQueue,
  type TurnRequest,
  type TurnResult,
  type TurnState,
} from "./coach/coach-turn.ts";
export type { CoachComponent, Confirmation } from "./coach/component.ts";
export { CoachTurnError, type CoachTurnErrorKind, modelFailure } from "./coach/errors.ts";
export { renderContext } from "./coach/render-context.ts";
export { type CoachSnapshot, loadSnapshot } from "./coach/snapshot.ts";
export type { CoachModel, CoachModelInput } from "./model/coach-model.ts";
export { ProviderCoachModel } from "./model/openai-coach-model.ts";
export {
  RecordedCoachModel,
  ScriptedCoachModel,
  scriptedReply,
} from "./model/scripted-coach-model.ts";
export { ScriptedUser } from "./model/scripted-user.ts";
export {
  type NoteModel,
  noteActionTypes,
  ProviderNoteModel,
  ScriptedNoteModel,
} from "./notes/note-model.ts";
export { type NoteJob, NoteTaker } from "./notes/note-taker.ts";
export {
  type NoteQueue,
  type NoteQueueStats,
  PgBossNoteQueue,
  type QueueOptions,
} from "./notes/queues.ts";
export { type ContextKey, contextKeys, type PromptContext } from "./prompts/context-keys.ts";
export {
  defaultPromptsDir,
  loadPromptFiles,
  type PromptSource,
  parsePromptFile,
} from "./prompts/prompt-files.ts";
export { type NewPromptVersion, PromptNotFoundError, PromptStore } from "./prompts/prompt-store.ts";
export { PromptTemplateError, renderTemplate, validateTemplate } from "./prompts/template.ts";
export * from "./providers/index.ts";
export { createRuntime, type ModelConfig, type Runtime, type RuntimeOptions } from "./runtime.ts";
export { type Budgets, BudgetExceededError, checkBudgets } from "./usage/budget.ts";
export {
  type UsageDimension,
  type UsageEntry,
  UsageLedger,
  type UsageQuery,
  type UsageRow,
  usageDimensions,
  utcDay,
} from "./usage/ledger.ts";
export {
  type ModelCallObservation,
  MeteredProvider,
  type MeteredProviderOptions,
} from "./usage/metered-provider.ts";
export { defaultPricesFile, type ModelPrice, PriceFileError, PriceTable } from "./usage/prices.ts";
export type { RuntimeObserver } from "./usage/runtime-observer.ts";
export { currentUsageScope, type UsageScope, withUsageScope } from "./usage/usage-scope.ts";
