import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { text } from "../define/fields.ts";
import { limits } from "../limits.ts";

export const showCannedReplies = defineAction({
  type: "show_canned_replies",
  title: "Show canned replies",
  icon: "message-square-more",
  description:
    "Show the user one to four quick-reply buttons under your message (e.g. \"Yes, let's " +
    'start", "Tell me more"). Clicking one sends its text as the user\'s reply. Changes no state.',
  params: z.object({
    replies: z
      .array(text(limits.cannedReply, "The text of one button, a few words."))
      .min(1)
      .max(limits.cannedReplies)
      .describe("The replies, in display order."),
  }),
  result: z.object({
    replies: z.array(z.string()).describe("The replies shown."),
  }),
  // Buttons are part of the coach's message; a user has nothing to show.
  invokers: ["coach"],
  confirmation: false,
  phases: ["introduction"],
});
