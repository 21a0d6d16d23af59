import { defineCatalog } from "../define/define-catalog.ts";
import { acceptIAmStatement } from "./accept-i-am-statement.ts";
import { acceptIdentityCommitment } from "./accept-identity-commitment.ts";
import { acceptIdentityRefinement } from "./accept-identity-refinement.ts";
import { acceptIdentityVisualization } from "./accept-identity-visualization.ts";
import { addIdentityNote } from "./add-identity-note.ts";
import { addUserNote } from "./add-user-note.ts";
import { archiveIdentity } from "./archive-identity.ts";
import { combineIdentities } from "./combine-identities.ts";
import { createIdentity } from "./create-identity.ts";
import { deleteUserNote } from "./delete-user-note.ts";
import { markQuestionAsked } from "./mark-question-asked.ts";
import { nestIdentity } from "./nest-identity.ts";
import { selectIdentityFocus } from "./select-identity-focus.ts";
import { setCurrentIdentity } from "./set-current-identity.ts";
import { showCannedReplies } from "./show-canned-replies.ts";
import { skipIdentityCategory } from "./skip-identity-category.ts";
import { suggestIAmStatement } from "./suggest-i-am-statement.ts";
import { transitionPhase } from "./transition-phase.ts";
import { unskipIdentityCategory } from "./unskip-identity-category.ts";
import { updateIdentity } from "./update-identity.ts";
import { updateUserNote } from "./update-user-note.ts";
import { updateWhoYouAre } from "./update-who-you-are.ts";
import { updateWhoYouWantToBe } from "./update-who-you-want-to-be.ts";

/**
 * Every action, keyed by type. Adding an action: write src/catalog/<name>.ts, list it here, put it
 * in the phases that allow it (src/rules/coaching-rules.ts) and write its handler; the type
 * checker names whatever is still missing. Key order is the order of lists and docs.
 */
export const catalog = defineCatalog({
  show_canned_replies: showCannedReplies,
  mark_question_asked: markQuestionAsked,
  update_who_you_are: updateWhoYouAre,
  update_who_you_want_to_be: updateWhoYouWantToBe,
  create_identity: createIdentity,
  update_identity: updateIdentity,
  add_identity_note: addIdentityNote,
  select_identity_focus: selectIdentityFocus,
  skip_identity_category: skipIdentityCategory,
  unskip_identity_category: unskipIdentityCategory,
  combine_identities: combineIdentities,
  accept_identity_refinement: acceptIdentityRefinement,
  accept_identity_commitment: acceptIdentityCommitment,
  nest_identity: nestIdentity,
  archive_identity: archiveIdentity,
  suggest_i_am_statement: suggestIAmStatement,
  accept_i_am_statement: acceptIAmStatement,
  accept_identity_visualization: acceptIdentityVisualization,
  set_current_identity: setCurrentIdentity,
  transition_phase: transitionPhase,
  add_user_note: addUserNote,
  update_user_note: updateUserNote,
  delete_user_note: deleteUserNote,
});

export type Catalog = typeof catalog;
