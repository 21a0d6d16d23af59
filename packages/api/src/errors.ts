// Domain failures as tRPC errors with a reason. The base procedure's middleware (trpc.ts) runs
// every procedure's failure through `domainError`; anything not recognized here stays
// INTERNAL_SERVER_ERROR, whose message and stack never reach the client.
import {
  CoachTurnError,
  type CoachTurnErrorKind,
  PromptNotFoundError,
  PromptTemplateError,
} from "@trellis/ai";
import { isUniqueViolation } from "@trellis/db";
import { TransientDatabaseError } from "@trellis/engine";
import { TRPCError } from "@trpc/server";
import type { ErrorReason } from "@trellis/contract";
import { ApiError } from "./api-error.ts";

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

interface TurnErrorMapping {
  reason: ErrorReason;
  /** What the client reads instead of the turn's own message (which may name internals). */
  message?: string;
}

/** Every turn failure kind and what a client gets for it: a new kind fails the check here. */
const turnErrors = {
  invalid_input: { reason: "invalid_input" },
  busy: {
    reason: "busy",
    message:
      "This turn is still being processed; retry with the same idempotency key in a few seconds",
  },
  key_reused: { reason: "idempotency_key_reused" },
  cancelled: {
    reason: "cancelled",
    message: "The request was cancelled before the coach answered; nothing was applied.",
  },
  retryable: { reason: "retryable" },
  // The provider's message may name internals (hosts, keys' prefixes): not sent.
  model_failed: {
    reason: "model_failed",
    message: "The coach model is unavailable; nothing was applied. Try again.",
  },
  invalid_output: {
    reason: "invalid_output",
    message: "The coach model gave no usable reply; nothing was applied. Try again.",
  },
} as const satisfies Record<CoachTurnErrorKind, TurnErrorMapping>;

/** The client-facing error for a known domain failure; undefined for anything else. */
export function domainError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError) return error;
  if (error instanceof CoachTurnError) {
    const mapping: TurnErrorMapping = turnErrors[error.kind];
    return new ApiError({
      reason: mapping.reason,
      message: mapping.message ?? error.message,
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
