// How failures look to a client: an action's failure (a RESULT: audited, in its outcome) and a
// request's failure (a tRPC error with a reason).
import type { TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODE_NUMBER } from "@trpc/server";

/** Every kind of action failure, in one place: the type, the stored-JSON codec and docs follow. */
export const actionErrorKinds = [
  "validation",
  "not_allowed",
  "not_found",
  "service",
  "execution",
] as const;

export type ActionErrorKind = (typeof actionErrorKinds)[number];

export interface FieldError {
  path: string;
  message: string;
}

/** An action's failure as stored in the audit log and sent to clients. JSON-safe. */
export interface DetailedError {
  name: string;
  kind: ActionErrorKind;
  message: string;
  actionType: string;
  fieldErrors?: FieldError[] | undefined;
  /** The underlying error's name and message for service/execution errors; never a stack. */
  cause?: { name: string; message: string; code?: string | undefined } | undefined;
}

/**
 * Why a request failed, beyond the tRPC code, when the server knows more; each with the tRPC
 * code it travels with. A new reason is one line here.
 */
export const errorReasons = {
  invalid_input: "BAD_REQUEST",
  invalid_json: "BAD_REQUEST",
  model_failed: "BAD_GATEWAY",
  invalid_output: "BAD_GATEWAY",
  busy: "CONFLICT",
  idempotency_key_reused: "UNPROCESSABLE_CONTENT",
  cancelled: "CLIENT_CLOSED_REQUEST",
  stopped: "CLIENT_CLOSED_REQUEST",
  retryable: "SERVICE_UNAVAILABLE",
  prompt_not_found: "NOT_FOUND",
  invalid_prompt: "BAD_REQUEST",
  already_exists: "CONFLICT",
  /** The user's previous turn is still running (one at a time per user by default). */
  turn_in_progress: "CONFLICT",
  rate_limited: "TOO_MANY_REQUESTS",
  too_many_concurrent: "TOO_MANY_REQUESTS",
  budget_exceeded: "TOO_MANY_REQUESTS",
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;

export type ErrorReason = keyof typeof errorReasons;

/**
 * Why a coach turn produced no reply, each with the reason its request fails with. A new kind
 * is one line here (and one in `errorReasons` for a new reason); the server's turn and its
 * error mapping follow from this table.
 */
export const turnErrorReasons = {
  invalid_input: "invalid_input",
  model_failed: "model_failed",
  invalid_output: "invalid_output",
  /** The same turn is in flight elsewhere and did not finish within the wait. */
  busy: "busy",
  /** The idempotency key belongs to a turn with another message. */
  key_reused: "idempotency_key_reused",
  /** The client went away before the model answered; nothing was applied. */
  cancelled: "cancelled",
  /** `chat.stop` stopped the turn before the model answered; nothing was applied. */
  stopped: "stopped",
  /** A temporary database failure interrupted the turn; a retry with the key finishes it. */
  retryable: "retryable",
  /** A usage budget is used up: the model was not called, nothing was applied. */
  budget_exceeded: "budget_exceeded",
} as const satisfies Record<string, ErrorReason>;

export type TurnErrorKind = keyof typeof turnErrorReasons;

/** zod issues flattened for forms: `formErrors` (top level) and `fieldErrors` by key. */
export interface InputIssues {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

/** `error.data` of every failed request (`errorData(error)` in the SDK). */
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
