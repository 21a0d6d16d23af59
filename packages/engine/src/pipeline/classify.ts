import { ActionError, ActionExecutionError, ActionServiceError } from "../errors.ts";

/**
 * Maps anything thrown while running an action to the taxonomy. Database and driver errors
 * are a failing dependency (service); any other unexpected throw is an execution error.
 */
export function classifyError(actionType: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (isDatabaseError(error)) {
    return new ActionServiceError(actionType, "The database rejected the operation", {
      cause: new DatabaseFailure(error),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ActionExecutionError(actionType, `Handler failed: ${message}`, { cause: error });
}

/**
 * What a client may learn of a database failure: its code, never the database's or the
 * driver's own text (it can quote SQL, values and internals). The original stays the `cause`
 * for server-side logs.
 */
class DatabaseFailure extends Error {
  override readonly name = "DatabaseError";
  readonly code: string | undefined;

  constructor(original: Error) {
    const code =
      "code" in original && typeof original.code === "string" ? original.code : undefined;
    super(code ? `Database error ${code}` : "Database error", { cause: original });
    this.code = code;
  }
}

function isDatabaseError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  // Prisma's own errors (PrismaClientKnownRequestError, …UnknownRequestError, …) and the
  // driver adapters' (DriverAdapterError) wrap every failure the database reports.
  if (error.name.startsWith("PrismaClient") || error.name === "DriverAdapterError") return true;
  // node-postgres DatabaseError: a five-character SQLSTATE code.
  return "code" in error && typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code);
}
