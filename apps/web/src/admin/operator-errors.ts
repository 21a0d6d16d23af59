// Errors as an operator reads them. The server's own message says what conflicts or what is
// missing ("A user with the email … already exists", "No active token with id …"), written for
// the people who run the service: the console shows it rather than a generic sentence.
import { errorData } from "@trellis/sdk";
import { describeError } from "../errors.ts";

/** Statuses whose message the server writes for the caller (not 401/429: those have advice). */
const TOLD_AS_IS = new Set([400, 403, 404, 409, 422]);

export function describeOperatorError(error: unknown): string {
  const data = errorData(error);
  if (
    data &&
    TOLD_AS_IS.has(data.httpStatus) &&
    data.reason !== "invalid_input" &&
    error instanceof Error &&
    error.message !== ""
  ) {
    return /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
  }
  return describeError(error);
}
