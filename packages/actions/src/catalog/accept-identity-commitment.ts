import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const acceptIdentityCommitment = defineAction({
  type: "accept_identity_commitment",
  title: "Accept identity commitment",
  icon: "badge-check",
  description:
    "Mark an identity as committed (state `commitment_complete`) once the user confirms it is " +
    "integral to who they are. The next identity still waiting for commitment becomes the current one.",
  params: z.object({
    identityId: ref.identity("The identity the user committed to."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    state: resultFields.state(),
    nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_commitment"],
});
