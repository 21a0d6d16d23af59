/**
 * @trellis/actions: the single source of truth for the coach's actions. Isomorphic (zod only).
 * This entry is what other packages use: the real catalog, its derivations (the action kit
 * applied to the catalog and the coaching rules), the domain constants and the types. The
 * machinery behind it (defineAction, createActionKit over any catalog, the schema converters,
 * the docs renderer) is `@trellis/actions/kit`, for tests and tools.
 */
import type { Catalog } from "./catalog/index.ts";
import type {
  ActionTypeOf,
  CoachActionTypeOf,
  HandlersOf,
  ParamsInputMapOf,
  ParamsMapOf,
  ResultMapOf,
  UserActionTypeOf,
  WireParamsMapOf,
} from "./define/catalog-types.ts";
import { actions } from "./kit/actions.ts";
import type { ActionKit } from "./kit/types.ts";

// Definitions
export { type Catalog, catalog } from "./catalog/index.ts";
export type { ActionTypeConstantsOf } from "./define/catalog-types.ts";
// Domain constants
export {
  IdentityCategory,
  IdentityState,
  identityCategories,
  identityCategorySchema,
  identityLifecycle,
  identityStates,
} from "./domain/identity.ts";
export { Invoker, invokerSchema } from "./domain/invokers.ts";
export { Phase, phaseSchema, phases, phaseTitles } from "./domain/phases.ts";
export { QuestionKey, questionKeys } from "./domain/questions.ts";
export { limits } from "./limits.ts";
export { formatProblemsForModel, problemLines } from "./parse/format-problems.ts";
export type { RejectedAction } from "./parse/model-response.ts";
export type { Problem } from "./parse/problems.ts";
export type { ToolHints } from "./derive/tool-hints.ts";
export { isJsonObject, isRecord, type JsonObject, type JsonValue } from "./schema/json.ts";
export { safeString, toPostgresSafeText } from "./schema/safe-text.ts";

// Each export is annotated with its slot of the kit: declaration emit then writes
// `Kit["…"]` instead of serializing the expanded type (which a large catalog makes too long to
// emit, TS7056), and a consumer's checker resolves only what it uses.
type Kit = ActionKit<Catalog>;
export const actionTypes: Kit["actionTypes"] = actions.actionTypes;
export const ActionType: Kit["ActionType"] = actions.ActionType;
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
export const resultJsonSchema: Kit["resultJsonSchema"] = actions.resultJsonSchema;
export const toolHints: Kit["toolHints"] = actions.toolHints;
export const strictParamsJsonSchema: Kit["strictParamsJsonSchema"] = actions.strictParamsJsonSchema;
export const unconfirmedWrites: Kit["unconfirmedWrites"] = actions.unconfirmedWrites;
export const responseJsonSchema: Kit["responseJsonSchema"] = actions.responseJsonSchema;
export const toolDefinitions: Kit["toolDefinitions"] = actions.toolDefinitions;
export const actionInstructions: Kit["actionInstructions"] = actions.actionInstructions;
export const parseModelResponse: Kit["parseModelResponse"] = actions.parseModelResponse;

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
/** Params as the model sends them: optional keys null or left out (see `WireParamsMapOf`). */
export type CoachActionParams<T extends CoachActionType> = WireParamsMapOf<Catalog>[T];
export type ActionResult<T extends ActionType> = ResultMapOf<Catalog>[T];
/** The server's contract: `handlers satisfies ActionHandlers<Ctx>` names any missing action. */
export type ActionHandlers<Ctx> = HandlersOf<Catalog, Ctx>;
