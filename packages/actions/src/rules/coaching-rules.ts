import type { Catalog } from "../catalog/index.ts";
import type { PhaseActionsOf, PhaseRules, PhaseTransitions } from "./phase-rules.ts";

/**
 * What the coach may do in each phase (DOMAIN.md). Every phase also allows transition_phase.
 * Typed against the catalog: a misspelled action, or one the coach may not invoke (the note
 * taker's), is a type error. Order within a phase is the order of tools and instructions.
 */
export const phaseActions: PhaseActionsOf<Catalog> = {
  introduction: ["show_canned_replies", "transition_phase"],
  get_to_know_you: ["mark_question_asked", "transition_phase"],
  identity_warm_up: ["update_who_you_are", "update_who_you_want_to_be", "transition_phase"],
  identity_brainstorming: [
    "create_identity",
    "update_identity",
    "add_identity_note",
    "select_identity_focus",
    "skip_identity_category",
    "unskip_identity_category",
    "transition_phase",
  ],
  brainstorming_review: ["combine_identities", "select_identity_focus", "transition_phase"],
  identity_refinement: [
    "update_identity",
    "add_identity_note",
    "accept_identity_refinement",
    "transition_phase",
  ],
  anything_missing: [
    "create_identity",
    "update_identity",
    "add_identity_note",
    "accept_identity_refinement",
    "transition_phase",
  ],
  identity_commitment: [
    "accept_identity_commitment",
    "nest_identity",
    "archive_identity",
    "transition_phase",
  ],
  i_am_statement: [
    "add_identity_note",
    "suggest_i_am_statement",
    "accept_i_am_statement",
    "transition_phase",
  ],
  identity_visualization: [
    "update_identity",
    "accept_identity_visualization",
    "add_identity_note",
    "set_current_identity",
    "transition_phase",
  ],
};

/**
 * Allowed transitions: normally the next phase. Two deliberate ways back:
 * - brainstorming_review → identity_brainstorming: reviewing the list is when a user notices a
 *   category they skipped or rushed, and only brainstorming can create identities per category.
 * - identity_visualization → i_am_statement: picturing an identity often changes how the user
 *   wants to say it; the statement is reworked in its own phase, with its confirmation step.
 * The final phase has no way forward; the session ends there.
 */
export const phaseTransitions: PhaseTransitions = {
  introduction: ["get_to_know_you"],
  get_to_know_you: ["identity_warm_up"],
  identity_warm_up: ["identity_brainstorming"],
  identity_brainstorming: ["brainstorming_review"],
  brainstorming_review: ["identity_refinement", "identity_brainstorming"],
  identity_refinement: ["anything_missing"],
  anything_missing: ["identity_commitment"],
  identity_commitment: ["i_am_statement"],
  i_am_statement: ["identity_visualization"],
  identity_visualization: ["i_am_statement"],
};

export const coachingRules: PhaseRules<Catalog> = { phaseActions, phaseTransitions };
