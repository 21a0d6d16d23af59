// Every action's handler. `satisfies ActionHandlers` is the contract derived from the catalog:
// adding an action without its handler here, or with the wrong params or result, fails to
// type-check with an error naming the action.
import type { ActionHandlers } from "@trellis/actions";
import {
  acceptIAmStatement,
  acceptIdentityCommitment,
  acceptIdentityRefinement,
  acceptIdentityVisualization,
} from "./actions/accept-step.ts";
import { addIdentityNote } from "./actions/add-identity-note.ts";
import { archiveIdentity } from "./actions/archive-identity.ts";
import { combineIdentities } from "./actions/combine-identities.ts";
import { createIdentity } from "./actions/create-identity.ts";
import {
  selectIdentityFocus,
  skipIdentityCategory,
  unskipIdentityCategory,
} from "./actions/identity-focus.ts";
import { markQuestionAsked } from "./actions/mark-question-asked.ts";
import { nestIdentity } from "./actions/nest-identity.ts";
import { setCurrentIdentity } from "./actions/set-current-identity.ts";
import { showCannedReplies } from "./actions/show-canned-replies.ts";
import { suggestIAmStatement } from "./actions/suggest-i-am-statement.ts";
import { transitionPhase } from "./actions/transition-phase.ts";
import { updateIdentity } from "./actions/update-identity.ts";
import { addUserNote, deleteUserNote, updateUserNote } from "./actions/user-notes.ts";
import { updateWhoYouAre, updateWhoYouWantToBe } from "./actions/who-you-are.ts";
import type { HandlerContext } from "./context.ts";

export const handlers = {
  create_identity: createIdentity,
  update_identity: updateIdentity,
  add_identity_note: addIdentityNote,
  accept_identity_refinement: acceptIdentityRefinement,
  accept_identity_commitment: acceptIdentityCommitment,
  accept_i_am_statement: acceptIAmStatement,
  accept_identity_visualization: acceptIdentityVisualization,
  archive_identity: archiveIdentity,
  nest_identity: nestIdentity,
  combine_identities: combineIdentities,
  set_current_identity: setCurrentIdentity,
  select_identity_focus: selectIdentityFocus,
  skip_identity_category: skipIdentityCategory,
  unskip_identity_category: unskipIdentityCategory,
  transition_phase: transitionPhase,
  update_who_you_are: updateWhoYouAre,
  update_who_you_want_to_be: updateWhoYouWantToBe,
  mark_question_asked: markQuestionAsked,
  suggest_i_am_statement: suggestIAmStatement,
  add_user_note: addUserNote,
  update_user_note: updateUserNote,
  delete_user_note: deleteUserNote,
  show_canned_replies: showCannedReplies,
} satisfies ActionHandlers<HandlerContext>;
