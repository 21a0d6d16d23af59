import { defineAcceptStep } from "../define/accept-step.ts";

export const acceptIdentityRefinement = defineAcceptStep({
  type: "accept_identity_refinement",
  title: "Accept identity refinement",
  icon: "check",
  description:
    "Mark an identity as refined (state `refinement_complete`) once the user is happy with its " +
    "short name. The next identity still waiting for refinement becomes the current one.",
  identity: "The identity whose refinement is done.",
  phases: ["identity_refinement", "anything_missing"],
});
