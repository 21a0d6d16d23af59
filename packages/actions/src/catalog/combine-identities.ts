import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const combineIdentities = defineAction({
  type: "combine_identities",
  title: "Combine identities",
  icon: "merge",
  description:
    'Merge two overlapping identities into one named "A/B": their notes are merged and one of ' +
    "them is archived (the passions_and_talents one if exactly one of them is in that category, " +
    "otherwise B). The user is asked to confirm first. The two ids must differ.",
  params: z
    .object({
      identityIdA: ref.identity("The first identity (kept unless the rule above says otherwise)."),
      identityIdB: ref.identity("The second identity."),
    })
    .refine((params) => params.identityIdA !== params.identityIdB, {
      message: "identityIdA and identityIdB must be different identities.",
      path: ["identityIdB"],
    }),
  result: z.object({
    keptIdentityId: resultFields.id("The identity that remains."),
    archivedIdentityId: resultFields.id("The identity that was archived."),
    name: z.string().describe('The kept identity\'s new name, "A/B".'),
  }),
  invokers: ["coach", "user"],
  confirmation: true,
  phases: ["brainstorming_review"],
});
