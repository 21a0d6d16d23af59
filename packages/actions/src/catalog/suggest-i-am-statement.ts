import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";
import { stores } from "../define/stored-fields.ts";

export const suggestIAmStatement = defineAction({
  type: "suggest_i_am_statement",
  title: 'Suggest "I am" statement',
  icon: "message-square-quote",
  description:
    'Propose an "I am …" statement for one of the user\'s identities. The user sees it and ' +
    "accepts it (it becomes the identity's statement), edits it, or asks for more work.",
  params: z.object({
    identityId: ref.identity("The identity the statement is for."),
    statement: stores(
      "identity.iAmStatement",
      fields.statement('The statement, starting with "I am".'),
    ),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    iAmStatement: z.string().describe("The statement now stored on the identity."),
  }),
  invokers: ["coach", "user"],
  confirmation: true,
  effect: { destructive: true, idempotent: true },
  phases: ["i_am_statement"],
});
