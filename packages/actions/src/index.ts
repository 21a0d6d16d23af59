/**
 * @trellis/actions: the single source of truth for the coach's actions. Isomorphic (zod only).
 * The runtime exports below are `createActionKit` applied to the real catalog and phase rules;
 * the generic pieces are exported too, so tests and tools can derive from fixture catalogs.
 */
import { type Catalog, catalog } from "./catalog/index.ts";
import type {
  ActionTypeOf,
  CallOf,
  CoachActionTypeOf,
  HandlersOf,
  ParamsInputMapOf,
  ParamsMapOf,
  ResultMapOf,
  UserActionTypeOf,
} from "./define/catalog-types.ts";
import { createActionKit } from "./kit/create-action-kit.ts";
import type { ActionKit, ModelResponseOf } from "./kit/types.ts";
import type { ParsedModelResponse as ParsedModelResponseOf } from "./parse/model-response.ts";
import { coachingRules } from "./rules/coaching-rules.ts";

// Definitions
export { type Catalog, catalog } from "./catalog/index.ts";
export type {
  ActionTypeConstantsOf,
  ActionTypeOf,
  AnyCatalog,
  CallOf,
  CoachActionTypeOf,
  HandlerOutput,
  HandlersOf,
  ParamsInputMapOf,
  ParamsMapOf,
  ResultMapOf,
  UserActionTypeOf,
} from "./define/catalog-types.ts";
export {
  type ActionDefinition,
  type AnyActionDefinition,
  defineAction,
  type ParamsSchema,
  type ResultSchema,
} from "./define/define-action.ts";
export { defineCatalog } from "./define/define-catalog.ts";
export {
  isPostgresSafeText,
  safeString,
  toPostgresSafeText,
  UNSAFE_TEXT_MESSAGE,
} from "./schema/safe-text.ts";
export { type ReferenceKind, ref, referenceKindOf } from "./define/refs.ts";
export {
  type StoredEntity,
  type StoredField,
  storedFieldTagOf,
  stores,
} from "./define/stored-fields.ts";
export type { InstructionAction, InstructionsMode } from "./derive/instructions.ts";
export { type ToolDefinition, toolNamePattern } from "./derive/tools.ts";
export { type DocsFile, renderDocs } from "./docs/markdown.ts";
export type { ActionDoc, DocsModel, PhaseDoc } from "./docs/model.ts";
// Domain constants
export {
  IdentityCategory,
  IdentityState,
  identityCategories,
  identityCategorySchema,
  identityLifecycle,
  identityStateSchema,
  identityStates,
} from "./domain/identity.ts";
export { Invoker, invokerSchema, invokers } from "./domain/invokers.ts";
export { initialPhase, Phase, phaseSchema, phases } from "./domain/phases.ts";
export { QuestionKey, questionKeySchema, questionKeys } from "./domain/questions.ts";
export { createActionKit } from "./kit/create-action-kit.ts";
export type {
  ActionKit,
  ModelResponseOf,
  ParseActionParamsError,
  ParseActionParamsResult,
  ParseToolCallResult,
  ResponseFormat,
} from "./kit/types.ts";
export { limits } from "./limits.ts";
export { formatProblemsForModel, problemLines } from "./parse/format-problems.ts";
export type { RejectedAction } from "./parse/model-response.ts";
export type { Problem } from "./parse/problems.ts";
export type { ToolCallTurn } from "./parse/tool-calls.ts";
export type { EntityReference } from "./references.ts";
export { coachingRules, phaseActions } from "./rules/coaching-rules.ts";
export { phaseTransitions } from "./rules/phase-transitions.ts";
export {
  type PhaseActionsOf,
  type PhaseRules,
  type PhaseTransitions,
  phaseActionsOf,
} from "./rules/phase-rules.ts";
export {
  guardedFields,
  type StoredFieldParam,
  storedFieldParams,
  type UnconfirmedWrite,
} from "./rules/confirmation-rules.ts";
export {
  checkStrictSchema,
  type StrictSchemaProblem,
  type StrictSchemaRule,
} from "./schema/check-strict.ts";
export type { JsonObject, JsonPrimitive, JsonValue } from "./schema/json.ts";
export { toStrictJsonSchema } from "./schema/strict.ts";
export { zodToJsonSchema } from "./schema/to-json-schema.ts";

/** Everything derived from the real catalog. */
export const actions: ActionKit<Catalog> = createActionKit(catalog, coachingRules);

// Each export is annotated with its slot of the kit: declaration emit then writes
// `Kit["…"]` instead of serializing the expanded type (which a large catalog makes too long to
// emit, TS7056), and a consumer's checker resolves only what it uses.
type Kit = ActionKit<Catalog>;
export const actionTypes: Kit["actionTypes"] = actions.actionTypes;
export const ActionType: Kit["ActionType"] = actions.ActionType;
export const actionTypeSchema: Kit["actionTypeSchema"] = actions.actionTypeSchema;
export const isActionType: Kit["isActionType"] = actions.isActionType;
export const canInvoke: Kit["canInvoke"] = actions.canInvoke;
export const isActionAllowedInPhase: Kit["isActionAllowedInPhase"] = actions.isActionAllowedInPhase;
export const canTransition: Kit["canTransition"] = actions.canTransition;
export const coachActionsForPhase: Kit["coachActionsForPhase"] = actions.coachActionsForPhase;
export const phasesOfAction: Kit["phasesOfAction"] = actions.phasesOfAction;
export const parseActionParams: Kit["parseActionParams"] = actions.parseActionParams;
export const currentType: Kit["currentType"] = actions.currentType;
export const storedCall: Kit["storedCall"] = actions.storedCall;
export const referencesOf: Kit["referencesOf"] = actions.referencesOf;
export const paramsJsonSchema: Kit["paramsJsonSchema"] = actions.paramsJsonSchema;
export const strictParamsJsonSchema: Kit["strictParamsJsonSchema"] = actions.strictParamsJsonSchema;
export const coachParamsJsonSchema: Kit["coachParamsJsonSchema"] = actions.coachParamsJsonSchema;
export const resultJsonSchema: Kit["resultJsonSchema"] = actions.resultJsonSchema;
export const userOnlyParams: Kit["userOnlyParams"] = actions.userOnlyParams;
export const unconfirmedWrites: Kit["unconfirmedWrites"] = actions.unconfirmedWrites;
export const responseSchema: Kit["responseSchema"] = actions.responseSchema;
export const responseJsonSchema: Kit["responseJsonSchema"] = actions.responseJsonSchema;
export const responseFormat: Kit["responseFormat"] = actions.responseFormat;
export const toolDefinitions: Kit["toolDefinitions"] = actions.toolDefinitions;
export const parseToolCall: Kit["parseToolCall"] = actions.parseToolCall;
export const parseToolCalls: Kit["parseToolCalls"] = actions.parseToolCalls;
export const actionInstructions: Kit["actionInstructions"] = actions.actionInstructions;
export const parseModelResponse: Kit["parseModelResponse"] = actions.parseModelResponse;
export const docsModel: Kit["docsModel"] = actions.docsModel;

/** `"create_identity" | "update_identity" | …` */
export type ActionType = ActionTypeOf<Catalog>;
/** Action types the coach may invoke. */
export type CoachActionType = CoachActionTypeOf<Catalog>;
/** Action types a user (a client) may invoke. */
export type UserActionType = UserActionTypeOf<Catalog>;
/** Params as handlers receive them (parsed). */
export type ActionParams<T extends ActionType> = ParamsMapOf<Catalog>[T];
/** Params as callers may send them (before parsing). */
export type ActionParamsInput<T extends ActionType> = ParamsInputMapOf<Catalog>[T];
export type ActionResult<T extends ActionType> = ResultMapOf<Catalog>[T];
/** One validated call of action `T` (default: any action). */
export type ActionCall<T extends ActionType = ActionType> = CallOf<Catalog, T>;
/** The discriminated union of every validated call. */
export type AnyActionCall = CallOf<Catalog>;
/** The server's contract: `handlers satisfies ActionHandlers<Ctx>` names any missing action. */
export type ActionHandlers<Ctx> = HandlersOf<Catalog, Ctx>;
export type ModelResponse = ModelResponseOf<Catalog>;
export type ParsedModelResponse = ParsedModelResponseOf<AnyActionCall>;
