/**
 * Type-level fixtures for the handler contract, checked by `tsc -p .` (never executed).
 * `handler<T>()` stands for a correctly typed handler of action T.
 */
import type { ActionHandlers, ActionType } from "../../src/index.ts";

export type Ctx = { readonly userId: string };

export declare function handler<T extends ActionType>(): ActionHandlers<Ctx>[T];

export const complete = {
  show_canned_replies: handler<"show_canned_replies">(),
  mark_question_asked: handler<"mark_question_asked">(),
  update_who_you_are: handler<"update_who_you_are">(),
  update_who_you_want_to_be: handler<"update_who_you_want_to_be">(),
  create_identity: handler<"create_identity">(),
  update_identity: handler<"update_identity">(),
  add_identity_note: handler<"add_identity_note">(),
  select_identity_focus: handler<"select_identity_focus">(),
  skip_identity_category: handler<"skip_identity_category">(),
  unskip_identity_category: handler<"unskip_identity_category">(),
  combine_identities: handler<"combine_identities">(),
  accept_identity_refinement: handler<"accept_identity_refinement">(),
  accept_identity_commitment: handler<"accept_identity_commitment">(),
  nest_identity: handler<"nest_identity">(),
  archive_identity: handler<"archive_identity">(),
  suggest_i_am_statement: handler<"suggest_i_am_statement">(),
  accept_i_am_statement: handler<"accept_i_am_statement">(),
  accept_identity_visualization: handler<"accept_identity_visualization">(),
  set_current_identity: handler<"set_current_identity">(),
  transition_phase: handler<"transition_phase">(),
  add_user_note: handler<"add_user_note">(),
  update_user_note: handler<"update_user_note">(),
  delete_user_note: handler<"delete_user_note">(),
} satisfies ActionHandlers<Ctx>;
