// Expected error: names the misspelled action.
import type { Catalog } from "../../src/index.ts";
import { type PhaseActionsOf, phaseActions } from "../../src/kit/index.ts";

export const rules: PhaseActionsOf<Catalog> = {
  ...phaseActions,
  introduction: ["show_canned_replie", "transition_phase"],
};
