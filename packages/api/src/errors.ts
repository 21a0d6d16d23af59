// Domain failures as tRPC errors with a reason. The base procedure's middleware (trpc.ts) runs
// every procedure's failure through `domainError`; anything not recognized here stays
// INTERNAL_SERVER_ERROR, whose message and stack never reach the client.
import { CoachTurnError, PromptNotFoundError, PromptTemplateError } from "@trellis/ai";
import { isUniqueViolation } from "@trellis/db";
import { TransientDatabaseError } from "@trellis/engine";
import { TRPCError } from "@trpc/server";
import { type TurnErrorKind, type TurnFailure, turnErrorReasons } from "@trellis/contract";
import { ApiError } from "./api-error.ts";

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

/**
 * What a client reads for a turn failure instead of the turn's own message: the turn's may name
 * internals (the provider's hosts, keys' prefixes) or say less than the client needs. Kinds not
 * listed keep the turn's message; each kind's reason is the contract's `turnErrorReasons`.
 */
const turnErrorMessages: Partial<Record<TurnErrorKind, string>> = {
  busy: "This turn is still being processed; retry with the same idempotency key in a few seconds",
  cancelled: "The request was cancelled before the coach answered; nothing was applied.",
  stopped: "The turn was stopped before the coach answered; nothing was applied.",
  model_failed: "The coach model is unavailable; nothing was applied. Try again.",
  invalid_output: "The coach model gave no usable reply; nothing was applied. Try again.",
};

/** The client-facing error for a known domain failure; undefined for anything else. */
export function domainError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError) return error;
  if (error instanceof CoachTurnError) {
    return new ApiError({
      reason: turnErrorReasons[error.kind],
      message: turnErrorMessages[error.kind] ?? error.message,
      // An InvalidOutputError cause carries the raw reply: for the server's log, never sent.
      cause: error,
    });
  }
  if (error instanceof TransientDatabaseError) {
    return new ApiError({
      reason: "retryable",
      message: "A temporary database failure; nothing of this action was applied. Retry.",
    });
  }
  if (error instanceof PromptNotFoundError) {
    return new ApiError({ reason: "prompt_not_found", message: error.message });
  }
  if (error instanceof PromptTemplateError) {
    return new ApiError({ reason: "invalid_prompt", message: error.message });
  }
  if (isUniqueViolation(error)) {
    return new ApiError({
      reason: "already_exists",
      message: "A record with the same unique value already exists",
    });
  }
  return undefined;
}

/**
 * A failed turn as its stream's `turn.failed` tells it: the reason and message `chat.send`
 * would answer with (nothing internal); "stopped" for a turn ended by `chat.stop`.
 */
export function turnFailure(error: unknown): TurnFailure | "stopped" {
  if (error instanceof CoachTurnError && error.kind === "stopped") return "stopped";
  const mapped = domainError(error);
  if (mapped instanceof ApiError) return { kind: mapped.reason, message: mapped.message };
  return { kind: "internal", message: "Internal server error" };
}
