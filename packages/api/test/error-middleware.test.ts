// Domain errors are mapped by middleware on the base procedure, not per call: every procedure
// of the app router starts with it, and it turns a domain failure that tRPC wrapped as a 500
// into the failure's typed error.
import { CoachTurnError, PromptNotFoundError } from "@trellis/ai";
import { TransientDatabaseError } from "@trellis/engine";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api-error.ts";
import { appRouter } from "../src/router.ts";
import { mapDomainErrors, mappedFailure } from "../src/trpc.ts";

/** A built procedure's middlewares, in order (tRPC keeps them on `_def`, untyped). */
function middlewaresOf(procedure: unknown): unknown[] {
  if (typeof procedure !== "function" || !("_def" in procedure)) return [];
  const def: unknown = procedure._def;
  if (typeof def !== "object" || def === null || !("middlewares" in def)) return [];
  return Array.isArray(def.middlewares) ? def.middlewares : [];
}

/** What tRPC makes of an error a resolver or middleware throws that is not a TRPCError. */
function wrapped(cause: unknown): { ok: false; error: TRPCError } {
  return { ok: false, error: new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }) };
}

describe("the error-mapping middleware", () => {
  it("is the first middleware of every procedure of the app router", () => {
    const procedures = Object.entries(appRouter._def.procedures);
    expect(procedures.length).toBeGreaterThan(20);
    const [mapper] = mapDomainErrors._middlewares;
    for (const [path, procedure] of procedures) {
      expect({ path, first: middlewaresOf(procedure)[0] }).toEqual({ path, first: mapper });
    }
  });

  it.each([
    ["a turn failure", new CoachTurnError("busy", "in flight"), 409, "busy"],
    ["a lasting database failure", new TransientDatabaseError("create_identity"), 503, "retryable"],
    ["an unknown prompt", new PromptNotFoundError("no prompt"), 404, "prompt_not_found"],
  ])("maps %s to its typed error instead of a 500", (_, cause, status, reason) => {
    const mapped = mappedFailure(wrapped(cause));
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped && getHTTPStatusCodeFromError(mapped)).toBe(status);
    expect(mapped instanceof ApiError && mapped.reason).toBe(reason);
  });

  it("leaves unknown errors a 500 and tRPC's own errors and successes untouched", () => {
    expect(mappedFailure(wrapped(new Error("boom")))).toBeUndefined();
    expect(
      mappedFailure({ ok: false, error: new TRPCError({ code: "NOT_FOUND" }) }),
    ).toBeUndefined();
    expect(mappedFailure({ ok: true })).toBeUndefined();
  });
});
