// Expected error: names the misspelled action.
import type { Catalog, PhaseActionsOf } from "../../src/index.ts";
import { phaseActions } from "../../src/index.ts";

export const rules: PhaseActionsOf<Catalog> = {
  ...phaseActions,
  introduction: ["show_canned_replie", "transition_phase"],
};
