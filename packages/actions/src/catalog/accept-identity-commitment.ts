import { defineAcceptStep } from "../define/accept-step.ts";

export const acceptIdentityCommitment = defineAcceptStep({
  type: "accept_identity_commitment",
  title: "Accept identity commitment",
  icon: "badge-check",
  description:
    "Mark an identity as committed (state `commitment_complete`) once the user confirms it is " +
    "integral to who they are. The next identity still waiting for commitment becomes the current one.",
  identity: "The identity the user committed to.",
  phases: ["identity_commitment"],
});
