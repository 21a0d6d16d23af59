import { z } from "zod";
import type {
  ActionTypeOf,
  AnyCatalog,
  CallOf,
  CoachActionTypeOf,
} from "../define/catalog-types.ts";
import type { AnyActionDefinition } from "../define/define-action.ts";
import { actionTypeConstants } from "../derive/action-types.ts";
import { type InstructionsMode, renderActionInstructions } from "../derive/instructions.ts";
import { buildResponseJsonSchema, buildResponseZodSchema } from "../derive/response-schema.ts";
import { buildToolDefinitions, type ToolDefinition } from "../derive/tools.ts";
import type { ActionDoc, DocsModel } from "../docs/model.ts";
import { toolHints } from "../derive/tool-hints.ts";
import type { Invoker } from "../domain/invokers.ts";
import { type Phase, phases } from "../domain/phases.ts";
import { limits } from "../limits.ts";
import {
  type CallOutcome,
  type ParsedModelResponse,
  parseResponse,
  type ResponseRules,
} from "../parse/model-response.ts";
import { type ParamsLocation, parseSanitizedParams } from "../parse/params.ts";
import type { Problem } from "../parse/problems.ts";
import { problem } from "../parse/problems.ts";
import { INVALID, newInputBudget, sanitize } from "../parse/sanitize.ts";
import { collectReferences, referenceSlots } from "../references.ts";
import { guardedFields, userOnlyParams } from "../rules/confirmation-rules.ts";
import { type PhaseRules, phaseRulesProblems } from "../rules/phase-rules.ts";
import { deepFreeze, isJsonObject, type JsonValue } from "../schema/json.ts";
import { toStrictJsonSchema } from "../schema/strict.ts";
import { zodToJsonSchema } from "../schema/to-json-schema.ts";
import type {
  ActionKit,
  ModelResponseOf,
  ParseActionParamsResult,
  ResponseFormat,
} from "./types.ts";

/**
 * Derives everything from a catalog and its phase rules. Cheap to call: schemas, tools and
 * instructions are computed on first use and cached (frozen, so sharing them is safe).
 * Throws if the rules do not fit the catalog (a fixture with a typo fails at once).
 */
export function createActionKit<C extends AnyCatalog>(
  catalog: C,
  rules: PhaseRules<C>,
): ActionKit<C> {
  const ruleProblems = phaseRulesProblems(catalog, rules);
  if (ruleProblems.length > 0) throw new Error(`Invalid phase rules: ${ruleProblems.join("; ")}`);

  const actionTypes: readonly ActionTypeOf<C>[] = Object.freeze(
    Object.values(catalog)
      .map((definition) => definition.type)
      .filter(isActionType),
  );
  const typeSet: ReadonlySet<string> = new Set(actionTypes);

  function isActionType(type: string): type is ActionTypeOf<C> {
    return Object.hasOwn(catalog, type);
  }
  function definitionOf(type: string): AnyActionDefinition | undefined {
    return typeSet.has(type) ? catalog[type] : undefined;
  }
  function definition(type: string): AnyActionDefinition {
    const found = definitionOf(type);
    if (found === undefined) throw new Error(`Unknown action type "${type}"`);
    return found;
  }
  function isPhase(phase: string): phase is Phase {
    return phases.some((known) => known === phase);
  }
  function coachActionsForPhase(phase: Phase): readonly CoachActionTypeOf<C>[] {
    return isPhase(phase) ? rules.phaseActions[phase] : [];
  }
  function isActionAllowedInPhase(phase: Phase, type: string): boolean {
    return coachActionsForPhase(phase).some((allowed) => allowed === type);
  }
  function canTransition(from: Phase, to: Phase): boolean {
    return isPhase(from) && isPhase(to) && rules.phaseTransitions[from].includes(to);
  }
  function canInvoke(type: string, invoker: Invoker): boolean {
    return definitionOf(type)?.invokers.includes(invoker) ?? false;
  }
  function phasesOfAction(type: ActionTypeOf<C>): readonly Phase[] {
    return phases.filter((phase) => isActionAllowedInPhase(phase, type));
  }
  /** The definitions the coach may use in a phase, in the phase's order. */
  function phaseDefinitions(phase: Phase): AnyActionDefinition[] {
    return coachActionsForPhase(phase).map(definition);
  }

  const paramsJsonSchema = cached((type: string) =>
    deepFreeze(zodToJsonSchema(definition(type).params, "input")),
  );
  const strictParamsJsonSchema = cached((type: string) =>
    deepFreeze(toStrictJsonSchema(paramsJsonSchema(type))),
  );
  const guarded = guardedFields(Object.values(catalog));
  const userOnly = cached((type: string) => userOnlyParams(definition(type), guarded));
  /** The strict params the model is offered: without the params only the user may set. */
  const coachParamsJsonSchema = cached((type: string) => {
    const strict = strictParamsJsonSchema(type);
    const hidden = new Set(userOnly(type).map(({ param }) => param));
    if (hidden.size === 0) return strict;
    const { properties, required } = strict;
    return deepFreeze({
      ...strict,
      properties: Object.fromEntries(
        Object.entries(isJsonObject(properties) ? properties : {}).filter(
          ([key]) => !hidden.has(key),
        ),
      ),
      required: (Array.isArray(required) ? required : []).filter(
        (key) => typeof key !== "string" || !hidden.has(key),
      ),
    });
  });
  const resultJsonSchema = cached((type: string) =>
    deepFreeze(zodToJsonSchema(definition(type).result, "output")),
  );
  /**
   * The one place a run-time check becomes a static type: `params` has just passed
   * `catalog[type].params`, but TypeScript cannot relate a key known only at run time to the
   * mapped type `CallOf<C>`. Everything that returns calls goes through here.
   */
  function validatedCall(type: ActionTypeOf<C>, params: unknown): CallOf<C> {
    return { type, params } as CallOf<C>;
  }

  function parseCall(
    type: string,
    params: JsonValue,
    location: ParamsLocation,
  ): CallOutcome<CallOf<C>> {
    const found = definitionOf(type);
    if (found === undefined || !isActionType(type)) {
      return {
        ok: false,
        problems: [
          problem(
            location.index,
            location.base,
            "a known action type",
            JSON.stringify(type),
            "Unknown action type",
          ),
        ],
      };
    }
    const outcome = parseSanitizedParams(found, params, location);
    return outcome.ok ? { ok: true, call: validatedCall(type, outcome.params) } : outcome;
  }

  /** Old names (`renamedFrom`) → the action's current type. */
  const renamed = new Map<string, ActionTypeOf<C>>();
  for (const type of actionTypes) {
    for (const old of catalog[type]?.renamedFrom ?? []) renamed.set(old, type);
  }
  function currentType(type: string): ActionTypeOf<C> | undefined {
    return isActionType(type) ? type : renamed.get(type);
  }

  function storedCall(type: string, params: unknown): ParseActionParamsResult<CallOf<C>> {
    const current = currentType(type);
    if (current === undefined) return { ok: false, error: { kind: "unknown_action" } };
    return { ok: true, call: validatedCall(current, params) };
  }

  function parseActionParams(type: string, params: unknown): ParseActionParamsResult<CallOf<C>> {
    if (typeof type !== "string" || !isActionType(type)) {
      return { ok: false, error: { kind: "unknown_action" } };
    }
    const issues: Problem[] = [];
    const base = ["params"];
    const sanitized = sanitize(
      params,
      base,
      newInputBudget(),
      (path, expected, received, message) => {
        issues.push(problem(null, path, expected, received, message));
      },
    );
    if (sanitized === INVALID) return { ok: false, error: { kind: "invalid_params", issues } };
    const outcome = parseCall(type, sanitized, { base, index: null });
    return outcome.ok
      ? outcome
      : { ok: false, error: { kind: "invalid_params", issues: outcome.problems } };
  }

  function responseRules(phase: Phase): ResponseRules<CallOf<C>> {
    return {
      phase,
      allowedTypes: coachActionsForPhase(phase),
      isKnownType: (type) => typeSet.has(type),
      isCoachType: (type) => canInvoke(type, "coach"),
      parseCall,
    };
  }

  function parseModelResponse(phase: Phase, raw: unknown): ParsedModelResponse<CallOf<C>> {
    if (!isPhase(phase)) return unknownPhase(phase);
    return parseResponse(raw, responseRules(phase));
  }

  const responseJsonSchema = cached((phase: Phase) =>
    deepFreeze(
      buildResponseJsonSchema(
        coachActionsForPhase(phase).map((type) => ({
          type,
          description: definition(type).description,
          strictParams: coachParamsJsonSchema(type),
        })),
      ),
    ),
  );

  const responseSchema = cached(
    (phase: Phase): z.ZodType<ModelResponseOf<C>> =>
      buildResponseZodSchema(phaseDefinitions(phase), (type, params) =>
        isActionType(type) ? validatedCall(type, params) : undefined,
      ),
  );

  const toolDefinitions = cached((phase: Phase): readonly ToolDefinition[] =>
    Object.freeze(
      buildToolDefinitions(
        coachActionsForPhase(phase).map((type) => ({
          type,
          description: definition(type).description,
          strictParams: coachParamsJsonSchema(type),
        })),
      ).map((tool) => Object.freeze({ ...tool, function: Object.freeze({ ...tool.function }) })),
    ),
  );

  function renderInstructions(phase: Phase, mode: InstructionsMode): string {
    return renderActionInstructions({
      phase,
      mode,
      transitions: rules.phaseTransitions[phase],
      actions: phaseDefinitions(phase).map((found) => ({
        type: found.type,
        title: found.title,
        description: found.description,
        confirmation: found.confirmation,
        strictParams: coachParamsJsonSchema(found.type),
      })),
    });
  }
  const instructions: Record<InstructionsMode, (phase: Phase) => string> = {
    response_format: cached((phase: Phase) => renderInstructions(phase, "response_format")),
    tools: cached((phase: Phase) => renderInstructions(phase, "tools")),
  };

  function responseFormat(phase: Phase): ResponseFormat {
    return {
      type: "json_schema",
      json_schema: {
        name: `coach_response_${phase}`,
        strict: true,
        schema: responseJsonSchema(phase),
      },
    };
  }

  function docsModel(): DocsModel {
    const constants = actionTypeConstants(actionTypes);
    const constantOf = new Map(
      Object.entries(constants).map(([constant, type]) => [type, constant]),
    );
    const actions: ActionDoc[] = actionTypes.map((type) => {
      const found = definition(type);
      return {
        type,
        constant: constantOf.get(type) ?? type.toUpperCase(),
        title: found.title,
        icon: found.icon,
        description: found.description,
        invokers: found.invokers,
        confirmation: found.confirmation,
        phases: phasesOfAction(type),
        params: paramsJsonSchema(type),
        strictParams: strictParamsJsonSchema(type),
        result: resultJsonSchema(type),
        references: referenceSlots(found.params),
      };
    });
    return {
      actions,
      phases: phases.map((phase, position) => ({
        phase,
        position,
        actions: coachActionsForPhase(phase),
        transitions: rules.phaseTransitions[phase],
      })),
      limits: { ...limits },
    };
  }

  function checkedPhase(phase: Phase): Phase {
    if (!isPhase(phase)) throw new Error(`Unknown phase "${String(phase)}"`);
    return phase;
  }

  return Object.freeze({
    catalog,
    actionTypes,
    ActionType: actionTypeConstants(actionTypes),
    actionTypeSchema: z.enum(actionTypes),
    phaseActions: rules.phaseActions,
    phaseTransitions: rules.phaseTransitions,
    isActionType,
    canInvoke,
    isActionAllowedInPhase,
    canTransition,
    coachActionsForPhase,
    phasesOfAction,
    parseActionParams,
    currentType,
    storedCall,
    referencesOf: (type, params) => collectReferences(definition(type).params, params),
    paramsJsonSchema: (type) => paramsJsonSchema(type),
    strictParamsJsonSchema: (type) => strictParamsJsonSchema(type),
    coachParamsJsonSchema: (type) => coachParamsJsonSchema(type),
    resultJsonSchema: (type) => resultJsonSchema(type),
    toolHints: (type) => toolHints(definition(type)),
    userOnlyParams: (type) => userOnly(type),
    unconfirmedWrites: (type, params) =>
      userOnly(type).filter(({ param }) => Reflect.get(params, param) !== undefined),
    responseSchema: (phase) => responseSchema(checkedPhase(phase)),
    responseJsonSchema: (phase) => responseJsonSchema(checkedPhase(phase)),
    responseFormat: (phase) => responseFormat(checkedPhase(phase)),
    toolDefinitions: (phase) => toolDefinitions(checkedPhase(phase)),
    actionInstructions: (phase, mode = "response_format") =>
      instructions[mode === "tools" ? "tools" : "response_format"](checkedPhase(phase)),
    parseModelResponse,
    docsModel,
  } satisfies ActionKit<C>);
}

function unknownPhase<Call>(phase: string): ParsedModelResponse<Call> {
  const problems = [
    problem(
      null,
      [],
      `a known phase (${phases.join(", ")})`,
      JSON.stringify(String(phase)),
      "Unknown phase",
    ),
  ];
  return { message: null, actions: [], planned: [], rejected: [], problems, ok: false };
}

/** Memoizes a one-argument derivation (by argument identity). Boxed, so undefined caches too. */
function cached<K, V>(derive: (key: K) => V): (key: K) => V {
  const cache = new Map<K, { readonly value: V }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit.value;
    const value = derive(key);
    cache.set(key, { value });
    return value;
  };
}
