import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields } from "../define/fields.ts";

export const updateWhoYouWantToBe = defineAction({
  type: "update_who_you_want_to_be",
  title: "Update who you want to be",
  icon: "user-plus",
  description:
    'Replace the list of things the user wants to become (e.g. "a marathon runner", "a ' +
    'patient parent"). Send the whole list: it replaces the previous one.',
  params: z.object({
    items: fields.listItems("The complete list, short phrases in the user's words."),
  }),
  result: z.object({
    items: z.array(z.string()).describe("The list as stored."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: true, idempotent: true },
  phases: ["identity_warm_up"],
});
