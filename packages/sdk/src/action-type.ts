// The ActionType constants, without the catalog: importing them from @trellis/actions would
// bundle zod and every action definition into the client (the constants are computed from the
// catalog at run time there). This literal is checked against the catalog by the type checker
// in both directions (a missing action is a missing property, an extra one an excess property;
// a wrong spelling fails both), and test/action-type.test.ts compares it at run time too.
import type { ActionTypeConstantsOf, Catalog } from "@trellis/actions";

export const ActionType = Object.freeze({
  SHOW_CANNED_REPLIES: "show_canned_replies",
  MARK_QUESTION_ASKED: "mark_question_asked",
  UPDATE_WHO_YOU_ARE: "update_who_you_are",
  UPDATE_WHO_YOU_WANT_TO_BE: "update_who_you_want_to_be",
  CREATE_IDENTITY: "create_identity",
  UPDATE_IDENTITY: "update_identity",
  ADD_IDENTITY_NOTE: "add_identity_note",
  SELECT_IDENTITY_FOCUS: "select_identity_focus",
  SKIP_IDENTITY_CATEGORY: "skip_identity_category",
  UNSKIP_IDENTITY_CATEGORY: "unskip_identity_category",
  COMBINE_IDENTITIES: "combine_identities",
  ACCEPT_IDENTITY_REFINEMENT: "accept_identity_refinement",
  ACCEPT_IDENTITY_COMMITMENT: "accept_identity_commitment",
  NEST_IDENTITY: "nest_identity",
  ARCHIVE_IDENTITY: "archive_identity",
  SUGGEST_I_AM_STATEMENT: "suggest_i_am_statement",
  ACCEPT_I_AM_STATEMENT: "accept_i_am_statement",
  ACCEPT_IDENTITY_VISUALIZATION: "accept_identity_visualization",
  SET_CURRENT_IDENTITY: "set_current_identity",
  TRANSITION_PHASE: "transition_phase",
  ADD_USER_NOTE: "add_user_note",
  UPDATE_USER_NOTE: "update_user_note",
  DELETE_USER_NOTE: "delete_user_note",
} as const satisfies ActionTypeConstantsOf<Catalog>);

/** `"create_identity" | "update_identity" | …` */
export type ActionType = (typeof ActionType)[keyof typeof ActionType];
