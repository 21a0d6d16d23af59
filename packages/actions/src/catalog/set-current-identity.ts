import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const setCurrentIdentity = defineAction({
  type: "set_current_identity",
  title: "Set current identity",
  icon: "target",
  description:
    "Make one of the user's identities the one the conversation is about now. It must not be " +
    "archived.",
  params: z.object({
    identityId: ref.identity("The identity to work on next."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity that is now current."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_visualization"],
});
