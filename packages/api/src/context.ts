// The per-request context: the server's parts the procedures call (an ApiRuntime, composed by
// the server and passed in), the caller (resolved lazily from the bearer token, at most once
// per HTTP request, so `health` never touches the database) and the server's shutdown signal,
// which ends open subscriptions.
import { setImmediate as nextTurn } from "node:timers/promises";
import pLimit from "p-limit";
import { enforce, type Limits } from "./limits/index.ts";
import type { ApiRuntime } from "./services.ts";
import { authenticate, type Caller } from "./tokens.ts";
import { TurnHub } from "./turn-stream/turn-hub.ts";
import { TurnStops } from "./turn-stream/turn-stops.ts";

/** Where procedures report what they did (one line per action outcome). */
export type ActionLog = (fields: {
  /** The HTTP request's id (`x-request-id`), when the server set one. */
  requestId?: string | undefined;
  userId: string;
  actionId: string | null;
  type: string;
  status: string;
  invoker: "coach" | "user";
  testScenarioId?: string | null;
}) => void;

/** One finished procedure call, for metrics (a subscription finishes when its stream ends). */
export interface CallObservation {
  /** The procedure's path, e.g. `chat.send`. */
  path: string;
  type: "query" | "mutation" | "subscription";
  durationMs: number;
  /** tRPC's error code when it failed (`BAD_REQUEST`, `INTERNAL_SERVER_ERROR` …). */
  errorCode: string | null;
  /** The procedure's result when it succeeded. */
  data: unknown;
}

type CallObserver = (call: CallObservation) => void;

export interface Context {
  runtime: ApiRuntime;
  /**
   * An agent acting for the user (an MCP client) makes this request, not the user's own app:
   * an action that needs the user's confirmation becomes a pending one (see ActionRequest).
   */
  agent: boolean;
  logAction: ActionLog;
  /** The turns `chat.stream` runs in this process (one hub per server). */
  turns: TurnHub;
  /** A failure no request answers with (a streamed turn's): for the server's log. */
  reportError(error: unknown, context: string): void;
  /** Told about every procedure call when it finishes (the server's metrics). */
  observeCall: CallObserver;
  /** The caller of this request, or null without a valid, unrevoked token. */
  caller(): Promise<Caller | null>;
  /** Aborted when the server shuts down: subscriptions end so the server can close. */
  shutdown: AbortSignal;
  /** How often an open subscription re-checks that its token is not revoked. */
  tokenRecheckMs: number;
  /** The server's limits; null when it runs without any. */
  limits: Limits | null;
  /** Counts this request's calls against the user's rate limit once; throws 429 over it. */
  countCalls(userId: string): Promise<void>;
  /** Runs one of this request's calls: a few at a time, each after an event-loop turn. */
  runCall<T>(call: () => Promise<T>): Promise<T>;
}

export interface ContextOptions {
  runtime: ApiRuntime;
  /** Called once per action outcome a procedure produced (default: nothing). */
  logAction?: ActionLog;
  /** Called with failures of streamed turns (default: nothing). */
  reportError?: (error: unknown, context: string) => void;
  /** Called once per finished procedure call (default: nothing). */
  observeCall?: CallObserver;
  shutdown?: AbortSignal;
  /** Default 15 s: the longest a revoked token keeps an open subscription. */
  tokenRecheckMs?: number;
  /** Rate and concurrency limits (default none). */
  limits?: Limits;
  /**
   * How many calls of one batched request run at once. Default: 1 on PGlite (its queries hold
   * the event loop), 8 on PostgreSQL (its queries wait on the network, not the thread).
   */
  callConcurrency?: number;
}

/** What the HTTP adapter passes: the request's headers and tRPC's request info. */
export interface ContextInput {
  req: { headers: Readonly<Record<string, string | string[] | undefined>> };
  info: {
    connectionParams: Readonly<Record<string, string | undefined>> | null;
    type: "query" | "mutation" | "subscription" | "unknown";
    calls: readonly unknown[];
  };
  /** Set by the MCP surface: the caller is the user's agent (default false). */
  agent?: boolean;
  /** The caller, when the request's token was already checked (the MCP surface checks each). */
  caller?: Caller;
}

/**
 * The bearer token of a request: the `Authorization: Bearer <token>` header, or, for SSE
 * subscriptions only (a browser's EventSource cannot set headers), tRPC's
 * `connectionParams.token`. A token in the URL ends up in logs and histories; accepting it on
 * queries and mutations too would let a leaked link act as the user.
 */
function bearerToken(input: ContextInput): string | null {
  const header = input.req.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (match?.[1]) return match[1];
  if (input.info.type !== "subscription") return null;
  const param = input.info.connectionParams?.token;
  return typeof param === "string" && param !== "" ? param : null;
}

export function createContextFactory(options: ContextOptions): (input: ContextInput) => Context {
  const shutdown = options.shutdown ?? new AbortController().signal;
  const observeCall = options.observeCall ?? (() => {});
  const baseLog = options.logAction ?? (() => {});
  const reportError = options.reportError ?? (() => {});
  const turns = new TurnHub(options.runtime.turn, {
    stops: new TurnStops(options.runtime.db, options.runtime.bus),
    log: {
      db: options.runtime.db,
      onError: (error) => reportError(error, "chat.stream event log"),
    },
  });
  const tokenRecheckMs = options.tokenRecheckMs ?? 15_000;
  const callConcurrency = options.callConcurrency ?? (options.runtime.db.kind === "pglite" ? 1 : 8);
  return (input) => {
    const token = bearerToken(input);
    const header = input.req.headers["x-request-id"];
    const requestId = typeof header === "string" ? header : undefined;
    const logAction: ActionLog = (fields) => baseLog({ ...fields, requestId });
    let caller: Promise<Caller | null> | undefined;
    let counted: Promise<void> | undefined;
    // On PGlite every query runs on this thread and resolves in microtasks, so a batch whose
    // calls all ran at once held the event loop until the last one finished (seconds for a few
    // hundred calls). One at a time, each after a macrotask turn, bounds that to one call.
    const limit = pLimit(callConcurrency);
    return {
      runtime: options.runtime,
      agent: input.agent === true,
      logAction,
      turns,
      reportError,
      observeCall,
      shutdown,
      tokenRecheckMs,
      limits: options.limits ?? null,
      countCalls(userId) {
        const limits = options.limits;
        counted ??= limits
          ? limits
              .consumeUser(userId, Math.max(1, input.info.calls.length))
              .then((decision) => enforce(decision, "calls"))
          : Promise.resolve();
        return counted;
      },
      runCall: (call) =>
        limit(async () => {
          await nextTurn();
          return call();
        }),
      caller() {
        caller ??=
          input.caller !== undefined
            ? Promise.resolve(input.caller)
            : token === null
              ? Promise.resolve(null)
              : authenticate(options.runtime.db, token);
        return caller;
      },
    };
  };
}
