// tRPC's one instance: superjson, the error shape clients get, and the procedure kinds
// (public, authenticated, admin, acting on a subject). Cross-cutting work is middleware here,
// never a call each procedure must remember: domain errors are mapped for every procedure, every
// call is traced and observed (metrics), and `subjectProcedure` resolves whose data a procedure
// acts on once.
import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { ApiErrorShape, InputIssues } from "@trellis/contract";
import { inSpan } from "@trellis/tracing";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import { ApiError } from "./api-error.ts";
import type { Context } from "./context.ts";
import { domainError } from "./errors.ts";
import { testScenarioId } from "./inputs.ts";
import { subjectOf } from "./subject.ts";
import type { Caller } from "./tokens.ts";

const INTERNAL_MESSAGE = "Internal server error";
const apiTracer = trace.getTracer("@trellis/api");

function inputIssuesOf(cause: unknown): InputIssues | null {
  if (!(cause instanceof z.ZodError)) return null;
  const flat = z.flattenError(cause);
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(flat.fieldErrors)) {
    if (Array.isArray(messages)) fieldErrors[key] = messages.filter((m) => typeof m === "string");
  }
  return { formErrors: flat.formErrors, fieldErrors };
}

function inputMessage(cause: z.ZodError): string {
  const first = cause.issues[0];
  if (!first) return "Invalid input";
  const path = first.path.map(String).join(".");
  return `Invalid input${path ? ` at ${path}` : ""}: ${first.message}`;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Never send stacks, whatever NODE_ENV says.
  isDev: false,
  sse: {
    // Comments every 10 s keep proxies from closing an idle stream; a client that hears nothing
    // for 25 s reconnects (with its last event id).
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }): ApiErrorShape {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const issues = inputIssuesOf(error.cause);
    const message = internal
      ? INTERNAL_MESSAGE
      : error.cause instanceof z.ZodError
        ? inputMessage(error.cause)
        : shape.message;
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        ...(shape.data.path === undefined ? {} : { path: shape.data.path }),
        reason:
          error instanceof ApiError
            ? error.reason
            : issues
              ? "invalid_input"
              : error.cause instanceof SyntaxError
                ? "invalid_json"
                : null,
        inputIssues: issues,
      },
    };
  },
});

export const router = t.router;

/**
 * Outermost on every procedure: a known domain failure thrown anywhere below (a resolver, a
 * middleware) becomes its typed client error instead of a 500. tRPC has already wrapped a
 * non-tRPC error as INTERNAL_SERVER_ERROR with the original as `cause`.
 */
export const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = mappedFailure(result);
  if (mapped) throw mapped;
  return result;
});

/** The typed error for a failed call whose unexpected error is a known domain failure. */
export function mappedFailure(
  result: { ok: true } | { ok: false; error: TRPCError },
): TRPCError | undefined {
  if (result.ok || result.error.code !== "INTERNAL_SERVER_ERROR") return undefined;
  return domainError(result.error.cause);
}

/**
 * Inside the mapping: each call in a `trpc <path>` span, reported to the call observer (metrics
 * by procedure) when it finishes, with the error code the client gets (a domain failure's
 * mapped code, not the 500 it is until the mapping above runs).
 */
const observeCalls = t.middleware(({ ctx, path, type, next }) => {
  const attributes = { "rpc.system": "trpc", "rpc.method": path, "trellis.rpc.type": type };
  return inSpan(apiTracer, `trpc ${path}`, { attributes }, async (span) => {
    const started = performance.now();
    const result = await next();
    const error = result.ok ? null : (mappedFailure(result) ?? result.error);
    if (error) {
      span.setAttribute("trellis.rpc.error_code", error.code);
      if (error.code === "INTERNAL_SERVER_ERROR") {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      }
    }
    ctx.observeCall({
      path,
      type,
      durationMs: performance.now() - started,
      errorCode: error ? error.code : null,
      data: result.ok ? result.data : undefined,
    });
    return result;
  });
});

/** Every procedure runs through its request's call limiter (see `Context.runCall`). */
export const publicProcedure = t.procedure
  .use(mapDomainErrors)
  .use(observeCalls)
  .use(({ ctx, next }) => ctx.runCall(() => next()));

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const caller: Caller | null = await ctx.caller();
  if (!caller) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "A valid API token is required: Authorization: Bearer <token>",
    });
  }
  await ctx.countCalls(caller.userId);
  return next({ ctx: { user: caller } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "This procedure is for admins" });
  }
  return next();
});

/**
 * A procedure acting on a user's data: the caller's own, or (admins) the user instantiated
 * from one of their test scenarios. Its input takes an optional `testScenarioId` (merged with
 * the procedure's own input), and `ctx.subject` is resolved once, before the resolver runs.
 */
export const subjectProcedure = authedProcedure
  .input(z.object({ testScenarioId }).optional())
  .use(async ({ ctx, input, next }) =>
    next({ ctx: { subject: await subjectOf(ctx.runtime.db, ctx.user, input?.testScenarioId) } }),
  );
