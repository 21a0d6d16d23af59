// Connection-level database failures (a dropped or terminated connection, an unreachable
// server, a deadlock or serialization conflict) say nothing about the action: the same
// transaction may succeed a moment later. They are retried, bounded; when retries run out
// the caller gets a TransientDatabaseError instead of a recorded, final failure, so a retry
// of the whole request (with its idempotency key) runs exactly what did not commit.
import { setTimeout as sleep } from "node:timers/promises";

/** The database could not be reached reliably; nothing of this action was committed. */
export class TransientDatabaseError extends Error {
  override readonly name = "TransientDatabaseError";
  readonly actionType: string;

  constructor(actionType: string, options?: { cause?: unknown }) {
    super(`A temporary database failure interrupted ${actionType}; retry`, options);
    this.actionType = actionType;
  }
}

/** SQLSTATEs worth retrying: connection exceptions (class 08), shutdowns, conflicts. */
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|40001|40P01|53300)$/;
/** Prisma's codes for an unreachable server, a closed connection, pool timeouts, conflicts. */
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034"]);
/** The driver adapters' error kinds with the same meaning. */
const TRANSIENT_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionWriteConflict",
]);
/** node-postgres' own errors for a connection that died, which carry no SQLSTATE. */
const CONNECTION_LOST =
  /Client has encountered a connection error|Connection terminated|connection is closed|ECONNRESET|ECONNREFUSED/i;

export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof TransientDatabaseError) return true;
  if (!(error instanceof Error)) return false;
  if ("code" in error && typeof error.code === "string") {
    if (TRANSIENT_PRISMA_CODES.has(error.code) || TRANSIENT_SQLSTATE.test(error.code)) return true;
  }
  if ("meta" in error && isTransientAdapterError(field(error.meta, "driverAdapterError"))) {
    return true;
  }
  if (isTransientAdapterError(error)) return true;
  if (CONNECTION_LOST.test(error.message)) return true;
  return error.cause !== undefined && isTransientDatabaseError(error.cause);
}

function isTransientAdapterError(value: unknown): boolean {
  const cause = field(value, "cause");
  const kind = field(cause, "kind");
  const code = field(cause, "code");
  if (typeof kind === "string" && TRANSIENT_ADAPTER_KINDS.has(kind)) return true;
  return kind === "postgres" && typeof code === "string" && TRANSIENT_SQLSTATE.test(code);
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? Reflect.get(value, name) : undefined;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  attempts: number;
  /** Wait before the second attempt, doubled after each further one (default 50 ms). */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 50 };

/**
 * Runs `work`, again after a transient failure, up to the policy's attempts. The last
 * transient failure becomes a TransientDatabaseError; any other error is rethrown as is.
 */
export async function retryTransient<T>(
  actionType: string,
  policy: RetryPolicy,
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
      if (attempt >= policy.attempts)
        throw new TransientDatabaseError(actionType, { cause: error });
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
