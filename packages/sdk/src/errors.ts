import type { ApiErrorData } from "@trellis/contract";
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "./router.ts";

export { TRPCClientError };

/** An error from a Trellis server; `data` carries the code, reason and input issues. */
export type TrellisClientError = TRPCClientError<AppRouter>;

export function isTrellisClientError(error: unknown): error is TrellisClientError {
  return error instanceof TRPCClientError;
}

/** The server's error data (code, httpStatus, reason, inputIssues), when there is some. */
export function errorData(error: unknown): ApiErrorData | null {
  return isTrellisClientError(error) ? (error.data ?? null) : null;
}
