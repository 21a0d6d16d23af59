// The action error taxonomy. Every failure of an action ends as one of these classes; clients
// and logs get the structured `DetailedError` (its shape and the list of kinds are the wire
// contract's), the model gets the one-line `summaryForModel`.
import type { ActionErrorKind, DetailedError, FieldError } from "@trellis/contract";

export abstract class ActionError extends Error {
  abstract readonly kind: ActionErrorKind;
  readonly actionType: string;

  constructor(actionType: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.actionType = actionType;
  }

  toDetailedError(): DetailedError {
    const detail: DetailedError = {
      name: this.name,
      kind: this.kind,
      message: this.message,
      actionType: this.actionType,
    };
    const cause = describeCause(this.cause);
    if (cause) detail.cause = cause;
    return detail;
  }
}

export class ActionValidationError extends ActionError {
  override readonly name = "ActionValidationError";
  readonly kind = "validation";
  readonly fieldErrors: FieldError[];

  constructor(actionType: string, message: string, fieldErrors: FieldError[] = []) {
    super(actionType, message);
    this.fieldErrors = fieldErrors;
  }

  override toDetailedError(): DetailedError {
    return { ...super.toDetailedError(), fieldErrors: this.fieldErrors };
  }
}

export class ActionNotAllowedError extends ActionError {
  override readonly name = "ActionNotAllowedError";
  readonly kind = "not_allowed";
}

/** An id that does not exist, or exists but belongs to another user: indistinguishable on purpose. */
export class ActionNotFoundError extends ActionError {
  override readonly name = "ActionNotFoundError";
  readonly kind = "not_found";
}

/** A dependency failed (the database, a remote service): the action may succeed if retried. */
export class ActionServiceError extends ActionError {
  override readonly name = "ActionServiceError";
  readonly kind = "service";
}

/** Anything unexpected inside a handler, wrapped. */
export class ActionExecutionError extends ActionError {
  override readonly name = "ActionExecutionError";
  readonly kind = "execution";
}

/** The one line the model sees: enough to correct itself, nothing internal. */
export function summaryForModel(error: DetailedError): string {
  const fields = error.fieldErrors?.length
    ? ` (${error.fieldErrors.map((f) => `${f.path || "params"}: ${f.message}`).join("; ")})`
    : "";
  return `Error: ${error.name} - ${error.message}${fields}`;
}

function describeCause(cause: unknown): DetailedError["cause"] | undefined {
  if (!(cause instanceof Error)) return undefined;
  const described: NonNullable<DetailedError["cause"]> = {
    name: cause.name,
    message: cause.message,
  };
  const code = "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  if (code) described.code = code;
  return described;
}
