// The error a procedure throws when the client should learn more than the tRPC code: a reason
// it can branch on (the error formatter in trpc.ts puts it into `data.reason`).
import { TRPCError } from "@trpc/server";

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
  | "too_many_concurrent";

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
