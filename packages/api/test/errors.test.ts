// How turn and engine failures reach clients: each with its own HTTP status and reason, and
// wording that matches what was applied.
import { CoachTurnError } from "@trellis/ai";
import { TransientDatabaseError } from "@trellis/engine";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api-error.ts";
import { domainError } from "../src/errors.ts";

function mapped(error: unknown): ApiError {
  const result = domainError(error);
  if (result instanceof ApiError) return result;
  throw new Error(`not mapped to an ApiError: ${String(error)}`);
}

describe("turn and engine errors over the API", () => {
  it.each([
    ["busy", 409, "busy"],
    ["key_reused", 422, "idempotency_key_reused"],
    ["cancelled", 499, "cancelled"],
    ["retryable", 503, "retryable"],
  ] as const)("a %s turn is HTTP %i with reason %s", (kind, status, reason) => {
    const error = mapped(new CoachTurnError(kind, `detail of ${kind}`));
    expect(getHTTPStatusCodeFromError(error)).toBe(status);
    expect(error.reason).toBe(reason);
  });

  it("a retryable turn keeps the turn's own wording (what may have been applied)", () => {
    const message = "some of its actions may have been applied. Retry with the same key";
    expect(mapped(new CoachTurnError("retryable", message)).message).toBe(message);
  });

  it("an action stopped by a lasting database failure is a 503 saying nothing was applied", () => {
    const error = mapped(new TransientDatabaseError("create_identity"));
    expect(getHTTPStatusCodeFromError(error)).toBe(503);
    expect(error.reason).toBe("retryable");
    expect(error.message).toContain("nothing of this action was applied");
  });
});
