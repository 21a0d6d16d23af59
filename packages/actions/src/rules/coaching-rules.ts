import { type Catalog, catalog } from "../catalog/index.ts";
import { type PhaseActionsOf, type PhaseRules, phaseActionsOf } from "./phase-rules.ts";
import { phaseTransitions } from "./phase-transitions.ts";

/**
 * What the coach may do in each phase (docs/domain.md), derived from each definition's `phases`
 * (transition_phase names every phase). Order within a phase is the catalog's order.
 */
export const phaseActions: PhaseActionsOf<Catalog> = phaseActionsOf(catalog);

export const coachingRules: PhaseRules<Catalog> = { phaseActions, phaseTransitions };
