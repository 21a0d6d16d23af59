import type { AnyCatalog, CoachActionTypeOf } from "../define/catalog-types.ts";
import { type Phase, phases } from "../domain/phases.ts";

/** The coach actions each phase allows. Only coach-invokable actions type-check here. */
export type PhaseActionsOf<C extends AnyCatalog> = {
  readonly [P in Phase]: readonly CoachActionTypeOf<C>[];
};

/**
 * The phase rules' action lists, derived from the definitions' `phases`: each phase lists, in
 * catalog order, the coach-invokable actions that name it. `defineAction` rejects `phases` on an
 * action the coach may not invoke; the filter here also makes that visible to the type checker.
 */
export function phaseActionsOf<C extends AnyCatalog>(catalog: C): PhaseActionsOf<C> {
  const definitions = Object.values(catalog);
  const isCoachAction = (type: string): type is CoachActionTypeOf<C> =>
    Object.hasOwn(catalog, type) && (catalog[type]?.invokers.includes("coach") ?? false);
  const entries = phases.map((phase) => {
    const types = definitions
      .filter((definition) => definition.phases?.includes(phase) ?? false)
      .map((definition) => definition.type)
      .filter(isCoachAction);
    return [phase, Object.freeze(types)] as const;
  });
  // `Object.fromEntries` cannot state that the keys are exactly the phases; `entries` maps every
  // phase, each to coach-action types (the filter's type guard), which is what the type says.
  return Object.freeze(Object.fromEntries(entries)) as PhaseActionsOf<C>;
}

/** The phases each phase may move to (`transition_phase`). */
export type PhaseTransitions = { readonly [P in Phase]: readonly Phase[] };

export interface PhaseRules<C extends AnyCatalog> {
  readonly phaseActions: PhaseActionsOf<C>;
  readonly phaseTransitions: PhaseTransitions;
}

/**
 * Run-time twin of the type-level checks, for fixtures and untyped callers: every phase present,
 * every listed action in the catalog and coach-invokable, no repeats, transitions between known
 * phases. Returns the problems found (empty when the rules are sound).
 */
export function phaseRulesProblems(
  catalog: AnyCatalog,
  rules: {
    readonly phaseActions: { readonly [P in Phase]: readonly string[] };
    readonly phaseTransitions: PhaseTransitions;
  },
): string[] {
  const problems: string[] = [];
  for (const phase of phases) {
    const actions = rules.phaseActions[phase];
    if (actions === undefined) {
      problems.push(`phaseActions has no entry for "${phase}"`);
    } else {
      if (new Set(actions).size !== actions.length)
        problems.push(`phase "${phase}" repeats an action`);
      for (const type of actions) {
        const definition = Object.hasOwn(catalog, type) ? catalog[type] : undefined;
        if (definition === undefined) {
          problems.push(`phase "${phase}" lists unknown action "${type}"`);
        } else if (!definition.invokers.includes("coach")) {
          problems.push(`phase "${phase}" lists "${type}", which the coach may not invoke`);
        }
      }
    }
    const targets = rules.phaseTransitions[phase];
    if (targets === undefined) {
      problems.push(`phaseTransitions has no entry for "${phase}"`);
    } else {
      for (const target of targets) {
        if (!phases.includes(target)) problems.push(`"${phase}" → unknown phase "${target}"`);
        if (target === phase) problems.push(`"${phase}" transitions to itself`);
      }
      if (new Set(targets).size !== targets.length)
        problems.push(`"${phase}" repeats a transition`);
    }
  }
  for (const key of Object.keys(rules.phaseActions)) {
    if (!phases.some((phase) => phase === key))
      problems.push(`phaseActions has unknown phase "${key}"`);
  }
  return problems;
}
