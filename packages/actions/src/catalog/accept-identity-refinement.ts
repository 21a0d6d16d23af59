import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const acceptIdentityRefinement = defineAction({
  type: "accept_identity_refinement",
  title: "Accept identity refinement",
  icon: "check",
  description:
    "Mark an identity as refined (state `refinement_complete`) once the user is happy with its " +
    "short name. The next identity still waiting for refinement becomes the current one.",
  params: z.object({
    identityId: ref.identity("The identity whose refinement is done."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    state: resultFields.state(),
    nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_refinement", "anything_missing"],
});
