// The action kit: everything derived from a catalog and its phase rules, in named steps (the
// catalog as lookups, the params' JSON Schemas, the call parsers, the model's formats of a
// phase, the docs model), assembled here into the frozen ActionKit.
import { z } from "zod";
import type { AnyCatalog } from "../define/catalog-types.ts";
import { actionTypeConstants } from "../derive/action-types.ts";
import { toolHints } from "../derive/tool-hints.ts";
import type { Phase } from "../domain/phases.ts";
import { collectReferences } from "../references.ts";
import { type PhaseRules, phaseRulesProblems } from "../rules/phase-rules.ts";
import { callParsers } from "./call-parsers.ts";
import { indexCatalog } from "./catalog-index.ts";
import { buildDocsModel } from "./docs-model.ts";
import { modelFormats } from "./model-formats.ts";
import { paramSchemas } from "./param-schemas.ts";
import type { ActionKit } from "./types.ts";

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
  const index = indexCatalog(catalog, rules);
  const { actionTypes, definition } = index;
  const schemas = paramSchemas(index);
  const parsers = callParsers(index);
  const formats = modelFormats(index, schemas, parsers);

  function checkedPhase(phase: Phase): Phase {
    if (!index.isPhase(phase)) throw new Error(`Unknown phase "${String(phase)}"`);
    return phase;
  }

  return Object.freeze({
    catalog,
    actionTypes,
    ActionType: actionTypeConstants(actionTypes),
    actionTypeSchema: z.enum(actionTypes),
    phaseActions: rules.phaseActions,
    phaseTransitions: rules.phaseTransitions,
    isActionType: index.isActionType,
    canInvoke: index.canInvoke,
    isActionAllowedInPhase: index.isActionAllowedInPhase,
    canTransition: index.canTransition,
    coachActionsForPhase: index.coachActionsForPhase,
    phasesOfAction: index.phasesOfAction,
    parseActionParams: parsers.parseActionParams,
    currentType: index.currentType,
    storedCall: parsers.storedCall,
    referencesOf: (type, params) => collectReferences(definition(type).params, params),
    paramsJsonSchema: (type) => schemas.paramsJsonSchema(type),
    strictParamsJsonSchema: (type) => schemas.strictParamsJsonSchema(type),
    coachParamsJsonSchema: (type) => schemas.coachParamsJsonSchema(type),
    resultJsonSchema: (type) => schemas.resultJsonSchema(type),
    toolHints: (type) => toolHints(definition(type)),
    userOnlyParams: (type) => schemas.userOnly(type),
    unconfirmedWrites: (type, params) =>
      schemas.userOnly(type).filter(({ param }) => Reflect.get(params, param) !== undefined),
    responseSchema: (phase) => formats.responseSchema(checkedPhase(phase)),
    responseJsonSchema: (phase) => formats.responseJsonSchema(checkedPhase(phase)),
    responseFormat: (phase) => formats.responseFormat(checkedPhase(phase)),
    toolDefinitions: (phase) => formats.toolDefinitions(checkedPhase(phase)),
    actionInstructions: (phase, mode = "response_format") =>
      formats.actionInstructions(checkedPhase(phase), mode),
    parseModelResponse: parsers.parseModelResponse,
    docsModel: () => buildDocsModel(index, schemas),
  } satisfies ActionKit<C>);
}
