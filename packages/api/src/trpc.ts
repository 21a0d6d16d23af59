// tRPC's one instance: superjson, the error shape clients get, and the procedure kinds
// (public, authenticated, admin).
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { inSpan } from "@trellis/engine";
import {
  initTRPC,
  type TRPC_ERROR_CODE_KEY,
  type TRPC_ERROR_CODE_NUMBER,
  TRPCError,
} from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Context } from "./context.ts";
import type { Caller } from "./tokens.ts";

/** Why a request failed, beyond the tRPC code, when the server knows more. */
export type ErrorReason =
  | "invalid_input"
  | "invalid_json"
  | "model_failed"
  | "invalid_output"
  | "busy"
  | "idempotency_key_reused"
  | "cancelled"
  | "retryable"
  | "prompt_not_found"
  | "invalid_prompt"
  | "already_exists"
  | "rate_limited"
  | "too_many_concurrent"
  /** A usage budget (the user's daily tokens, the service's daily cost) is used up. */
  | "budget_exceeded";

/** A TRPCError that also names a reason clients can branch on. */
export class ApiError extends TRPCError {
  readonly reason: ErrorReason;

  constructor(options: {
    code: TRPCError["code"];
    reason: ErrorReason;
    message: string;
    cause?: unknown;
  }) {
    super({ code: options.code, message: options.message, cause: options.cause });
    this.reason = options.reason;
  }
}

/** zod issues flattened for forms: `formErrors` (top level) and `fieldErrors` by key. */
export interface InputIssues {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

export interface ApiErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path?: string;
  reason: ErrorReason | null;
  /** Set when the input failed validation. */
  inputIssues: InputIssues | null;
}

export interface ApiErrorShape {
  message: string;
  code: TRPC_ERROR_CODE_NUMBER;
  data: ApiErrorData;
}

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
 * Every procedure runs through its request's call limiter (see `Context.runCall`), and is
 * reported to the call observer (metrics by procedure) when it finishes.
 */
export const publicProcedure = t.procedure.use(({ ctx, path, type, next }) => {
  const attributes = { "rpc.system": "trpc", "rpc.method": path, "trellis.rpc.type": type };
  return inSpan(apiTracer, `trpc ${path}`, { attributes }, async (span) => {
    const started = performance.now();
    const result = await ctx.runCall(() => next());
    if (!result.ok) {
      span.setAttribute("trellis.rpc.error_code", result.error.code);
      if (result.error.code === "INTERNAL_SERVER_ERROR") {
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
      }
    }
    ctx.observeCall({
      path,
      type,
      durationMs: performance.now() - started,
      errorCode: result.ok ? null : result.error.code,
      data: result.ok ? result.data : undefined,
    });
    return result;
  });
});

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
