// The HTTP server: `GET /health` (liveness) and `GET /ready` (readiness), no auth; `GET
// /metrics` with the metrics token; tRPC at `/trpc` (batched HTTP and SSE subscriptions); one
// log line per request under its request id; and a graceful close: stop accepting, end open
// subscriptions, let in-flight requests finish (bounded), then drop what is left.
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { CoachTurnError, InvalidOutputError } from "@trellis/ai";
import {
  type ApiRuntime,
  appRouter,
  checkHealth,
  checkReadiness,
  createContextFactory,
  createSurfaces,
  Limits,
  type LimitsConfig,
  RateLimitedError,
} from "@trellis/api";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { type Logger, loggedPath } from "./logger.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { Runtime } from "./runtime.ts";
import { setSecurityHeaders } from "./security-headers.ts";
import { webAppHandler } from "./web-app.ts";

/** What the server calls: the api's parts, and the note queue `/ready` checks. */
type ServerRuntime = ApiRuntime & Pick<Runtime, "noteQueue"> & Partial<Pick<Runtime, "processId">>;

export interface ServerOptions {
  /** The composed parts the procedures call (createRuntime in ./runtime.ts). */
  runtime: ServerRuntime;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Largest request body tRPC reads (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** How long `close()` waits for in-flight requests before dropping them (default 10 s). */
  closeGraceMs?: number;
  /**
   * Browser origins allowed to call the API (CORS), e.g. a front-end's dev server; `*` for any.
   * Default none: same-origin pages and non-browser clients only.
   */
  corsOrigins?: readonly string[];
  /** How often open subscriptions re-check their token (default 15 s); revoked ones end. */
  tokenRecheckMs?: number;
  /** The most calls one batched request may carry (default 50); larger batches get 400. */
  maxBatchSize?: number;
  /** Rate and concurrency limits (defaults: `defaultLimits` of @trellis/api). */
  limits?: Partial<LimitsConfig>;
  /** The built web app (apps/web/dist), served on other GET paths; none when unset. */
  webDir?: string;
  /** Serve the web app's `.map` files (default false). */
  webSourceMaps?: boolean;
  /** Counts calls, turns and subscriptions (the runtime's observer should feed it too). */
  metrics?: ServerMetrics;
  /** Serves `GET /metrics` on this port to `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
}

export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests currently in flight (subscriptions included). */
  readonly inFlight: number;
  close(): Promise<void>;
}

const TRPC_PREFIX = "/trpc";
const httpTracer = trace.getTracer("@trellis/server");
/** The SDK's batch link sends at most this many calls per request (`maxItems`). */
const DEFAULT_MAX_BATCH_SIZE = 50;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Methods each route answers (OPTIONS is CORS preflight, answered before routing). */
const HEALTH_METHODS = ["GET", "HEAD"];
/** Paths answered without a token, outside tRPC and the rate limits. */
const PROBE_PATHS = new Set(["/health", "/ready"]);
const SUBSCRIPTION_PATH = `/trpc/events.subscribe`;

/** A caller's `x-request-id` is kept when it is short and plain; otherwise a new one is made. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
function hasBearer(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  const given = Buffer.from(match?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers a readiness probe: 200 when every check passes, else 503 naming what failed. */
async function answerReady(runtime: ServerRuntime, res: ServerResponse): Promise<void> {
  const ready = await checkReadiness({
    db: runtime.db,
    bus: runtime.bus,
    queue: runtime.noteQueue,
  });
  sendJson(res, ready.status === "ready" ? 200 : 503, ready);
}

/** Answers a scrape in Prometheus' text format. */
export async function answerMetrics(metrics: ServerMetrics, res: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { "content-type": metrics.registry.contentType });
  res.end(text);
}
const TRPC_METHODS = ["GET", "POST"];

/** Answers 405 with `Allow` unless the request's method is one of `allowed`. */
function refuseMethod(req: IncomingMessage, res: ServerResponse, allowed: string[]): boolean {
  if (req.method !== undefined && allowed.includes(req.method)) return false;
  sendJson(res, 405, { error: "Method not allowed" }, { allow: allowed.join(", ") });
  return true;
}

/**
 * The path without the query string (SSE requests carry the token in their query) or a
 * fragment (browsers never send one; a raw `GET /#token=…` does).
 */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? "/").split(/[?#]/)[0] ?? "/";
}

const CORS_HEADERS =
  "authorization, content-type, trpc-accept, last-event-id, idempotency-key, mcp-session-id, mcp-protocol-version";

/**
 * Sets CORS headers for an allowed Origin; answers a preflight (OPTIONS) itself and returns
 * true then. Bearer tokens, not cookies, carry identity, so credentials are never allowed.
 */
function cors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && (allowed.includes("*") || allowed.includes(origin));
  if (ok) {
    res.setHeader("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
    res.setHeader("vary", "origin");
  }
  if (req.method !== "OPTIONS") return false;
  if (ok) {
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader("access-control-allow-headers", CORS_HEADERS);
    res.setHeader("access-control-max-age", "600");
  }
  res.writeHead(ok ? 204 : 403);
  res.end();
  return true;
}

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

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { runtime, logger } = options;
  const shutdown = new AbortController();
  const limits = new Limits(runtime.db, options.limits, runtime.processId);
  const createContext = createContextFactory({
    runtime,
    shutdown: shutdown.signal,
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
    maxBodySize: options.maxBodyBytes ?? 1024 * 1024,
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

  // MCP, the plain-JSON routes and their OpenAPI document: same context, same limits.
  const surfaces = createSurfaces({
    createContext,
    shutdown: shutdown.signal,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    allowedOrigins: options.corsOrigins ?? [],
    onError: (error, where) => logFailure(logger, error, where),
  });
  const web = options.webDir
    ? webAppHandler(options.webDir, { sourceMaps: options.webSourceMaps ?? false })
    : undefined;
  let inFlight = 0;
  const { metrics } = options;
  /** Runs `next` when the client's address is within its rate limit; 429 otherwise. */
  const underIpLimit = (req: IncomingMessage, res: ServerResponse, next: () => unknown) => {
    limits.consumeIp(req.socket.remoteAddress ?? "unknown").then(
      (decision) => {
        if (decision.allowed) return next();
        res.setHeader("retry-after", String(decision.retryAfterSeconds));
        sendJson(res, 429, {
          error: `Too many requests from this address; retry in ${decision.retryAfterSeconds} s`,
        });
      },
      (error: unknown) => {
        logger.error("rate limit check failed", { error });
        sendJson(res, 503, { error: "Service unavailable" });
      },
    );
  };
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const route = pathOf(req);
    const attributes = {
      "http.request.method": method,
      "url.path": route,
      "client.address": req.socket.remoteAddress ?? "",
    };
    // One trace per request: procedures, turns, model calls and actions nest in this span.
    httpTracer.startActiveSpan(
      `${method} ${route}`,
      { kind: SpanKind.SERVER, attributes },
      (span) => {
        const started = performance.now();
        const requestId = requestIdOf(req);
        // The context reads it from here (action log lines carry it).
        req.headers["x-request-id"] = requestId;
        const path = pathOf(req);
        inFlight++;
        res.setHeader("x-request-id", requestId);
        setSecurityHeaders(res);
        const subscription = metrics !== undefined && path === SUBSCRIPTION_PATH;
        if (subscription) metrics.subscriptionOpened();
        // While closing, a finished response must not keep its connection alive.
        if (shutdown.signal.aborted) res.setHeader("connection", "close");
        let logged = false;
        const done = () => {
          if (logged) return;
          logged = true;
          inFlight--;
          if (subscription) metrics.subscriptionClosed();
          const { traceId, spanId } = span.spanContext();
          logger.info("request", {
            requestId,
            ...(trace.isSpanContextValid(span.spanContext()) ? { traceId, spanId } : {}),
            method: req.method,
            path: loggedPath(path),
            status: res.statusCode,
            durationMs: Math.round(performance.now() - started),
            aborted: !res.writableFinished || undefined,
          });
          // A keep-alive connection becomes idle after its last response: let close() finish.
          if (shutdown.signal.aborted) setImmediate(() => server.closeIdleConnections());
        };
        res.on("finish", done);
        res.on("close", done);
        const endSpan = () => {
          span.setAttribute("http.response.status_code", res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        };
        res.once("close", endSpan);

        if (cors(req, res, options.corsOrigins ?? [])) return;
        if (PROBE_PATHS.has(path)) {
          if (refuseMethod(req, res, HEALTH_METHODS)) return;
          if (path === "/ready") {
            answerReady(runtime, res).catch(() => sendJson(res, 503, { status: "not_ready" }));
            return;
          }
          checkHealth(runtime.db, runtime.bus).then(
            (health) => sendJson(res, health.status === "ok" ? 200 : 503, health),
            () => sendJson(res, 503, { status: "degraded", db: false, events: false }),
          );
          return;
        }
        if (path === "/metrics" && metrics && options.metricsToken !== undefined) {
          if (refuseMethod(req, res, HEALTH_METHODS)) return;
          if (!hasBearer(req, options.metricsToken)) {
            sendJson(res, 401, { error: "The metrics token is required" });
            return;
          }
          answerMetrics(metrics, res).catch((error: unknown) => {
            logger.error("metrics failed", { error });
            sendJson(res, 500, { error: "Metrics unavailable" });
          });
          return;
        }
        if (path === TRPC_PREFIX || path.startsWith(`${TRPC_PREFIX}/`)) {
          // tRPC answers only GET (queries, subscriptions) and POST (mutations, batches); left to
          // it, other methods (TRACE among them) end in a 500 or a 415.
          if (refuseMethod(req, res, TRPC_METHODS)) return;
          underIpLimit(req, res, () => trpc(req, res));
          return;
        }
        if (surfaces.handles(path)) {
          underIpLimit(req, res, () =>
            surfaces.handle(req, res, path).catch((error: unknown) => {
              logger.error("request failed", { path, error });
              if (!res.headersSent) sendJson(res, 500, { error: "Internal server error" });
              else res.end();
            }),
          );
          return;
        }
        if (web && (req.method === "GET" || req.method === "HEAD")) {
          web(req, res, () => sendJson(res, 404, { error: "Not found" }));
          return;
        }
        sendJson(res, 404, { error: "Not found" });
      },
    );
  });
  server.on("clientError", (error, socket) => {
    logger.warn("malformed HTTP request", { error: error.message });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Subscriptions end (their streams return), so their requests finish like the others.
      shutdown.abort();
      server.closeIdleConnections();
      const grace = options.closeGraceMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), grace);
      });
      const outcome = await Promise.race([closed.then(() => "closed" as const), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        logger.warn("dropping requests still open after the grace period", { inFlight });
        server.closeAllConnections();
        await closed;
      }
    })();
    return closing;
  };

  return {
    url,
    port,
    server,
    get inFlight() {
      return inFlight;
    },
    close,
  };
}
