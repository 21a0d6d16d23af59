import type { z } from "zod";
import type {
  ActionTypeConstantsOf,
  ActionTypeOf,
  AnyCatalog,
  CallOf,
  CoachActionTypeOf,
  ParamsMapOf,
} from "../define/catalog-types.ts";
import type { InstructionsMode } from "../derive/instructions.ts";
import type { ToolHints } from "../derive/tool-hints.ts";
import type { ToolDefinition } from "../derive/tools.ts";
import type { DocsModel } from "../docs/model.ts";
import type { Invoker } from "../domain/invokers.ts";
import type { Phase } from "../domain/phases.ts";
import type { ParsedModelResponse } from "../parse/model-response.ts";
import type { Problem } from "../parse/problems.ts";
import type { EntityReference } from "../references.ts";
import type { UnconfirmedWrite } from "../rules/confirmation-rules.ts";
import type { PhaseActionsOf, PhaseTransitions } from "../rules/phase-rules.ts";
import type { JsonObject } from "../schema/json.ts";

type ParseActionParamsError =
  | { readonly kind: "unknown_action" }
  | { readonly kind: "invalid_params"; readonly issues: Problem[] };

export type ParseActionParamsResult<Call> =
  | { readonly ok: true; readonly call: Call }
  | { readonly ok: false; readonly error: ParseActionParamsError };

/** A validated model response, as the zod response schema outputs it. */
export interface ModelResponseOf<C extends AnyCatalog> {
  message: string;
  actions: CallOf<C>[];
}

/** The `response_format` argument of the OpenAI chat-completions API. */
export interface ResponseFormat {
  readonly type: "json_schema";
  readonly json_schema: {
    readonly name: string;
    readonly strict: true;
    readonly schema: JsonObject;
  };
}

/**
 * Everything derived from one catalog and its phase rules. The package's exports are this kit
 * applied to the real catalog; tests build kits over fixture catalogs.
 */
export interface ActionKit<C extends AnyCatalog> {
  readonly catalog: C;
  /** Every action type, in catalog order. */
  readonly actionTypes: readonly ActionTypeOf<C>[];
  readonly ActionType: ActionTypeConstantsOf<C>;
  /** zod enum of the action types (for API inputs). */
  readonly actionTypeSchema: z.ZodType<ActionTypeOf<C>>;
  readonly phaseActions: PhaseActionsOf<C>;
  readonly phaseTransitions: PhaseTransitions;

  isActionType(type: string): type is ActionTypeOf<C>;
  /** Whether `invoker` may invoke the action (false for unknown types). */
  canInvoke(type: string, invoker: Invoker): boolean;
  /** Whether the coach may use the action in the phase (false for unknown types or phases). */
  isActionAllowedInPhase(phase: Phase, type: string): boolean;
  canTransition(from: Phase, to: Phase): boolean;
  coachActionsForPhase(phase: Phase): readonly CoachActionTypeOf<C>[];
  /** The phases whose coach may use the action, in phase order. */
  phasesOfAction(type: ActionTypeOf<C>): readonly Phase[];

  /** Validates params for any invoker: null → absent for optional keys, unknown keys rejected. */
  parseActionParams(type: string, params: unknown): ParseActionParamsResult<CallOf<C>>;
  /**
   * The current type of an action, also under a name it had before (`renamedFrom`): stored rows
   * (pending confirmations, the audit log) keep their old name. Undefined for unknown names.
   */
  currentType(type: string): ActionTypeOf<C> | undefined;
  /**
   * A call from params this pipeline parsed and stored before (a pending confirmation). Not
   * parsed again: that would apply transforms and defaults a second time. Old names resolve.
   */
  storedCall(type: string, params: unknown): ParseActionParamsResult<CallOf<C>>;
  /** The ids of the user's entities in parsed params, for a generic ownership check. */
  referencesOf<T extends ActionTypeOf<C>>(type: T, params: ParamsMapOf<C>[T]): EntityReference[];

  /** Full JSON Schema of an action's params (callers' view: optional keys may be absent). */
  paramsJsonSchema(type: ActionTypeOf<C>): JsonObject;
  /** Strict JSON Schema of an action's params (the model's view: all keys, optional nullable). */
  strictParamsJsonSchema(type: ActionTypeOf<C>): JsonObject;
  /**
   * The strict params the model is offered (response schema, tools, instructions): the strict
   * schema without the params only the user may set (see `userOnlyParams`).
   */
  coachParamsJsonSchema(type: ActionTypeOf<C>): JsonObject;
  resultJsonSchema(type: ActionTypeOf<C>): JsonObject;
  /** Behaviour hints for agents (MCP tool annotations), from the definition. */
  toolHints(type: ActionTypeOf<C>): ToolHints;
  /**
   * The confirmation rule (rules/confirmation-rules.ts): params of an unconfirmed action that
   * write a stored field some confirmed action writes. Only the user may set them.
   */
  userOnlyParams(type: ActionTypeOf<C>): readonly UnconfirmedWrite[];
  /** The user-only params present in (parsed) params: set by the coach, the action is refused. */
  unconfirmedWrites<T extends ActionTypeOf<C>>(
    type: T,
    params: ParamsMapOf<C>[T],
  ): readonly UnconfirmedWrite[];

  /** The phase's response as a zod schema (all-or-nothing validation of the wire form). */
  responseSchema(phase: Phase): z.ZodType<ModelResponseOf<C>>;
  /** The phase's response as strict JSON Schema (OpenAI Structured Outputs). */
  responseJsonSchema(phase: Phase): JsonObject;
  responseFormat(phase: Phase): ResponseFormat;
  /** One strict function tool per coach action of the phase. */
  toolDefinitions(phase: Phase): readonly ToolDefinition[];
  /** The action part of the phase's prompt. */
  actionInstructions(phase: Phase, mode?: InstructionsMode): string;
  /** Forgiving parse of the model's output for the phase. Never throws. */
  parseModelResponse(phase: Phase, raw: unknown): ParsedModelResponse<CallOf<C>>;

  docsModel(): DocsModel;
}
