// Errors in words a person understands; never a stack. The server's error data (code, HTTP
// status, reason) decides the sentence; the message is shown only where it was written for
// people (invalid input, an action's own failure).
import { errorData } from "@trellis/sdk";

export function describeError(error: unknown): string {
  const data = errorData(error);
  if (!data) {
    if (error instanceof TypeError) return "Cannot reach the server. Check your connection.";
    return "Something went wrong. Please try again.";
  }
  const byReason = describeReason(data.reason);
  if (byReason) return byReason;
  if (data.reason === "invalid_input") {
    return `That input is not valid: ${firstIssue(error) ?? "check the fields and try again."}`;
  }
  switch (data.httpStatus) {
    case 401:
      return "Your sign-in has expired. Sign in again.";
    case 403:
      return "You are not allowed to do that.";
    case 404:
      return "That item no longer exists.";
    case 429:
      return "Too many requests. Wait a few seconds and try again.";
    case 400:
    case 422:
      return `That input is not valid: ${firstIssue(error) ?? "check it and try again."}`;
    default:
      return data.httpStatus >= 500
        ? "The server had a problem. Try again in a moment."
        : "The request was refused.";
  }
}

/** A sentence for the server's reason (also a failed turn's `kind`); null for others. */
export function describeReason(reason: string | null): string | null {
  switch (reason) {
    case "rate_limited":
      return "You are going a little fast: too many requests. Wait a few seconds and try again.";
    case "too_many_concurrent":
      return "Another reply is still on its way. Wait for it, then try again.";
    case "turn_in_progress":
      return "The coach is still answering your previous message. Wait for the reply, then send again.";
    case "model_failed":
    case "invalid_output":
      return "The coach is unavailable right now (the model did not answer). Try again in a moment.";
    case "busy":
    case "retryable":
      return "The server is busy finishing your last message. Try again in a few seconds.";
    case "cancelled":
      return "The reply was cancelled.";
    case "internal":
      return "The server had a problem. Try again in a moment.";
    default:
      return null;
  }
}

/** The first field problem the server named (zod's flattened fieldErrors), or its message. */
function firstIssue(error: unknown): string | null {
  const issues = errorData(error)?.inputIssues;
  if (issues) {
    for (const [field, messages] of Object.entries(issues.fieldErrors)) {
      const first = messages?.[0];
      if (first) return `${field}: ${first}`;
    }
    const form = issues.formErrors[0];
    if (form) return form;
  }
  return error instanceof Error && error.message.length < 200 ? error.message : null;
}
