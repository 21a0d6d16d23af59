import type { PhaseTransitions } from "./phase-rules.ts";

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
