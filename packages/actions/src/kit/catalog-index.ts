// The kit's first step: a catalog and its phase rules as lookups (types, definitions, phases,
// invokers, old names). Every other step of the kit is built on these.
import type { ActionTypeOf, AnyCatalog, CoachActionTypeOf } from "../define/catalog-types.ts";
import type { AnyActionDefinition } from "../define/define-action.ts";
import type { Invoker } from "../domain/invokers.ts";
import { type Phase, phases } from "../domain/phases.ts";
import type { PhaseRules } from "../rules/phase-rules.ts";

export interface CatalogIndex<C extends AnyCatalog> {
  readonly catalog: C;
  readonly rules: PhaseRules<C>;
  readonly actionTypes: readonly ActionTypeOf<C>[];
  isActionType(type: string): type is ActionTypeOf<C>;
  isKnownType(type: string): boolean;
  definitionOf(type: string): AnyActionDefinition | undefined;
  /** Throws for a type the catalog does not define. */
  definition(type: string): AnyActionDefinition;
  isPhase(phase: string): phase is Phase;
  coachActionsForPhase(phase: Phase): readonly CoachActionTypeOf<C>[];
  isActionAllowedInPhase(phase: Phase, type: string): boolean;
  canTransition(from: Phase, to: Phase): boolean;
  canInvoke(type: string, invoker: Invoker): boolean;
  phasesOfAction(type: ActionTypeOf<C>): readonly Phase[];
  /** The definitions the coach may use in a phase, in the phase's order. */
  phaseDefinitions(phase: Phase): AnyActionDefinition[];
  /** The action's current type, for its type or one of its old names (`renamedFrom`). */
  currentType(type: string): ActionTypeOf<C> | undefined;
}

export function indexCatalog<C extends AnyCatalog>(
  catalog: C,
  rules: PhaseRules<C>,
): CatalogIndex<C> {
  function isActionType(type: string): type is ActionTypeOf<C> {
    return Object.hasOwn(catalog, type);
  }
  const actionTypes: readonly ActionTypeOf<C>[] = Object.freeze(
    Object.values(catalog)
      .map((definition) => definition.type)
      .filter(isActionType),
  );
  const typeSet: ReadonlySet<string> = new Set(actionTypes);
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
  /** Old names (`renamedFrom`) → the action's current type. */
  const renamed = new Map<string, ActionTypeOf<C>>();
  for (const type of actionTypes) {
    for (const old of catalog[type]?.renamedFrom ?? []) renamed.set(old, type);
  }
  return {
    catalog,
    rules,
    actionTypes,
    isActionType,
    isKnownType: (type) => typeSet.has(type),
    definitionOf,
    definition,
    isPhase,
    coachActionsForPhase,
    isActionAllowedInPhase,
    canTransition: (from, to) =>
      isPhase(from) && isPhase(to) && rules.phaseTransitions[from].includes(to),
    canInvoke: (type, invoker) => definitionOf(type)?.invokers.includes(invoker) ?? false,
    phasesOfAction: (type) => phases.filter((phase) => isActionAllowedInPhase(phase, type)),
    phaseDefinitions: (phase) => coachActionsForPhase(phase).map(definition),
    currentType: (type) => (isActionType(type) ? type : renamed.get(type)),
  };
}
