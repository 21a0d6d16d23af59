// No state change: the replies become quick-reply buttons in the coach message's component.
import type { Handler } from "../handler.ts";

export const showCannedReplies: Handler<"show_canned_replies"> = async (_ctx, params) => ({
  result: { replies: params.replies },
  summary: `Offered ${params.replies.length} quick replies`,
});
