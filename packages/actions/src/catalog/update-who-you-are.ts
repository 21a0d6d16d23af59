import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields } from "../define/fields.ts";

export const updateWhoYouAre = defineAction({
  type: "update_who_you_are",
  title: "Update who you are",
  icon: "user",
  description:
    'Replace the list of things the user says they are today (roles, traits, e.g. "a nurse", ' +
    '"curious"). Send the whole list: it replaces the previous one.',
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
