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
 * Every action, keyed by type: the catalog's type, spelled out so that declarations name each
 * definition (`typeof createIdentity`) instead of expanding it (with a large catalog, expanded
 * declarations take seconds to emit and to read). `defineCatalog<Catalog>` below checks that the
 * two lists agree: a key missing from either, or filed under the wrong type, is a type error.
 * Key order is the order of lists and docs.
 */
export type Catalog = {
  readonly show_canned_replies: typeof showCannedReplies;
  readonly mark_question_asked: typeof markQuestionAsked;
  readonly update_who_you_are: typeof updateWhoYouAre;
  readonly update_who_you_want_to_be: typeof updateWhoYouWantToBe;
  readonly create_identity: typeof createIdentity;
  readonly update_identity: typeof updateIdentity;
  readonly add_identity_note: typeof addIdentityNote;
  readonly select_identity_focus: typeof selectIdentityFocus;
  readonly skip_identity_category: typeof skipIdentityCategory;
  readonly unskip_identity_category: typeof unskipIdentityCategory;
  readonly combine_identities: typeof combineIdentities;
  readonly accept_identity_refinement: typeof acceptIdentityRefinement;
  readonly accept_identity_commitment: typeof acceptIdentityCommitment;
  readonly nest_identity: typeof nestIdentity;
  readonly archive_identity: typeof archiveIdentity;
  readonly suggest_i_am_statement: typeof suggestIAmStatement;
  readonly accept_i_am_statement: typeof acceptIAmStatement;
  readonly accept_identity_visualization: typeof acceptIdentityVisualization;
  readonly set_current_identity: typeof setCurrentIdentity;
  readonly transition_phase: typeof transitionPhase;
  readonly add_user_note: typeof addUserNote;
  readonly update_user_note: typeof updateUserNote;
  readonly delete_user_note: typeof deleteUserNote;
};

/**
 * Adding an action: write src/catalog/<name>.ts, add it to `Catalog` above and here, put it in
 * the phases that allow it (src/rules/coaching-rules.ts) and write its handler; the type checker
 * names whatever is still missing. `pnpm new-action` does all of it.
 */
export const catalog: Catalog = defineCatalog<Catalog>({
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
