import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const acceptIdentityVisualization = defineAction({
  type: "accept_identity_visualization",
  title: "Accept identity visualization",
  icon: "image",
  description:
    "Mark an identity's visualization as done (state `visualization_complete`) once the user " +
    "has a vivid picture of it. The next identity still waiting for a visualization becomes the " +
    "current one.",
  params: z.object({
    identityId: ref.identity("The identity whose visualization is done."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    state: resultFields.state(),
    nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_visualization"],
});
