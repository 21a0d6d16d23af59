import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const acceptIAmStatement = defineAction({
  type: "accept_i_am_statement",
  title: 'Accept "I am" statement',
  icon: "quote",
  description:
    'Mark an identity\'s "I am" statement as done (state `i_am_complete`) once the user has ' +
    "accepted its statement. The next identity still waiting for a statement becomes the current one.",
  params: z.object({
    identityId: ref.identity("The identity whose statement is done."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    state: resultFields.state(),
    nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["i_am_statement"],
});
