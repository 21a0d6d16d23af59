// Domain failures as tRPC errors with a reason. Anything not recognized here is rethrown and
// becomes INTERNAL_SERVER_ERROR, whose message and stack never reach the client.
import { CoachTurnError, PromptNotFoundError, PromptTemplateError } from "@trellis/ai";
import { isUniqueViolation } from "@trellis/db";
import { TransientDatabaseError } from "@trellis/engine";
import { TRPCError } from "@trpc/server";
import { ApiError } from "./trpc.ts";

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

/** Converts known domain errors; rethrows everything else untouched. */
export function toApiError(error: unknown): never {
  if (error instanceof TRPCError) throw error;
  if (error instanceof CoachTurnError) {
    switch (error.kind) {
      case "invalid_input":
        throw new ApiError({
          code: "BAD_REQUEST",
          reason: "invalid_input",
          message: error.message,
        });
      case "busy":
        throw new ApiError({
          code: "CONFLICT",
          reason: "busy",
          message:
            "This turn is still being processed; retry with the same idempotency key in a few seconds",
        });
      case "key_reused":
        throw new ApiError({
          code: "UNPROCESSABLE_CONTENT",
          reason: "idempotency_key_reused",
          message: error.message,
        });
      case "cancelled":
        throw new ApiError({
          code: "CLIENT_CLOSED_REQUEST",
          reason: "cancelled",
          message: "The request was cancelled before the coach answered; nothing was applied.",
        });
      case "retryable":
        throw new ApiError({
          code: "SERVICE_UNAVAILABLE",
          reason: "retryable",
          message: error.message,
        });
      case "model_failed":
        // The provider's message may name internals (hosts, keys' prefixes): not sent.
        throw new ApiError({
          code: "BAD_GATEWAY",
          reason: "model_failed",
          message: "The coach model is unavailable; nothing was applied. Try again.",
        });
      case "budget_exceeded":
        throw new ApiError({
          code: "TOO_MANY_REQUESTS",
          reason: "budget_exceeded",
          message: `${error.message}; nothing was applied.`,
        });
      case "invalid_output":
        throw new ApiError({
          code: "BAD_GATEWAY",
          reason: "invalid_output",
          message: "The coach model gave no usable reply; nothing was applied. Try again.",
        });
    }
  }
  if (error instanceof TransientDatabaseError) {
    throw new ApiError({
      code: "SERVICE_UNAVAILABLE",
      reason: "retryable",
      message: "A temporary database failure; nothing of this action was applied. Retry.",
    });
  }
  if (error instanceof PromptNotFoundError) {
    throw new ApiError({ code: "NOT_FOUND", reason: "prompt_not_found", message: error.message });
  }
  if (error instanceof PromptTemplateError) {
    throw new ApiError({ code: "BAD_REQUEST", reason: "invalid_prompt", message: error.message });
  }
  if (isUniqueViolation(error)) {
    throw new ApiError({
      code: "CONFLICT",
      reason: "already_exists",
      message: "A record with the same unique value already exists",
    });
  }
  throw error;
}

/** Runs `fn`, converting known domain errors. */
export async function mapErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    return toApiError(error);
  }
}
