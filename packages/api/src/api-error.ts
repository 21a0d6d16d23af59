// The error a procedure throws when the client should learn more than the tRPC code: a reason
// it can branch on (the error formatter in trpc.ts puts it into `data.reason`). Each reason
// travels with one tRPC code, set in the wire contract (`errorReasons`).
import { type ErrorReason, errorReasons } from "@trellis/contract";
import { TRPCError } from "@trpc/server";

/** A TRPCError that also names a reason clients can branch on. */
export class ApiError extends TRPCError {
  readonly reason: ErrorReason;

  constructor(options: { reason: ErrorReason; message: string; cause?: unknown }) {
    super({ code: errorReasons[options.reason], message: options.message, cause: options.cause });
    this.reason = options.reason;
  }
}
