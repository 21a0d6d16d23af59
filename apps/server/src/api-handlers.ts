// The API's HTTP handlers on one context: tRPC at /trpc, and MCP, the plain-JSON routes and their
// OpenAPI document (the "surfaces"), with the same limits, error reporting and action log.
import { CoachTurnError, InvalidOutputError } from "@trellis/ai";
import {
  appRouter,
  createContextFactory,
  createSurfaces,
  type Limits,
  RateLimitedError,
} from "@trellis/api";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "./logger.ts";
import type { ServerOptions } from "./server.ts";

export const TRPC_PREFIX = "/trpc";
/** The SDK's batch link sends at most this many calls per request (`maxItems`). */
const DEFAULT_MAX_BATCH_SIZE = 50;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** A failure the client is told only the reason of: the details go to the log. */
function logFailure(logger: Logger, error: unknown, context: string | undefined): void {
  // What the model wrote is kept out of the answer; the operator needs it to see why.
  if (error instanceof InvalidOutputError) {
    logger.warn("invalid model output", {
      context,
      problems: error.problems,
      rawReply: error.rawReply,
    });
  } else if (!(error instanceof CoachTurnError)) {
    logger.error("procedure failed", { context, error });
  }
}

export function createApiHandlers(options: ServerOptions, limits: Limits, shutdown: AbortSignal) {
  const { runtime, logger } = options;
  const createContext = createContextFactory({
    runtime,
    shutdown,
    ...(options.tokenRecheckMs ? { tokenRecheckMs: options.tokenRecheckMs } : {}),
    limits,
    reportError: (error, context) => logFailure(logger, error, context),
    ...(options.metrics ? { observeCall: (call) => options.metrics?.call(call) } : {}),
    logAction: (entry) =>
      logger.info("action", {
        requestId: entry.requestId,
        userId: entry.userId,
        actionId: entry.actionId,
        type: entry.type,
        status: entry.status,
        invoker: entry.invoker,
        testScenarioId: entry.testScenarioId ?? undefined,
      }),
  });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PREFIX}/`,
    maxBodySize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
    createContext,
    responseMeta({ errors }) {
      const limited = errors.find((error) => error instanceof RateLimitedError);
      return limited ? { headers: { "retry-after": String(limited.retryAfterSeconds) } } : {};
    },
    onError({ error, path, type }) {
      // Client errors are answered and logged per request; internal ones get their stack here.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error("procedure failed", { path, type, error: error.cause ?? error });
      }
      if (error.cause instanceof InvalidOutputError) logFailure(logger, error.cause, path);
    },
  });
  const surfaces = createSurfaces({
    createContext,
    shutdown,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowedOrigins: options.corsOrigins ?? [],
    onError: (error, where) => logFailure(logger, error, where),
  });
  return { trpc, surfaces };
}
