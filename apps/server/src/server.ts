// The HTTP server: `GET /health` (liveness) and `GET /ready` (readiness), no auth; `GET
// /metrics` with the metrics token; tRPC at `/trpc` (batched HTTP and SSE subscriptions), MCP and
// the plain-JSON routes beside it; the web app on other GET paths; one log line per request
// under its request id; and a graceful close (./http/close-gracefully.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { SpanKind, trace } from "@opentelemetry/api";
import {
  type ApiRuntime,
  checkHealth,
  checkReadiness,
  Limits,
  type LimitsConfig,
} from "@trellis/api";
import { createApiHandlers, TRPC_PREFIX } from "./api-handlers.ts";
import { gracefulClose, listen } from "./http/close-gracefully.ts";
import { compressJsonAnswer } from "./http/compress.ts";
import { cors } from "./http/cors.ts";
import { observeRequest } from "./http/observe-request.ts";
import { hasBearer, pathOf, refuseMethod, sendJson } from "./http/responses.ts";
import type { Logger } from "./logger.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { Runtime } from "./runtime.ts";
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

const httpTracer = trace.getTracer("@trellis/server");

/** Methods each route answers (OPTIONS is CORS preflight, answered before routing). */
const HEALTH_METHODS = ["GET", "HEAD"];
const TRPC_METHODS = ["GET", "POST"];
/** Paths answered without a token, outside tRPC and the rate limits. */
const PROBE_PATHS = new Set(["/health", "/ready"]);

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

/** `/health` and `/ready`: no token, no rate limit. */
function answerProbe(runtime: ServerRuntime, path: string, res: ServerResponse): void {
  if (path === "/ready") {
    answerReady(runtime, res).catch(() => sendJson(res, 503, { status: "not_ready" }));
    return;
  }
  checkHealth(runtime.db, runtime.bus).then(
    (health) => sendJson(res, health.status === "ok" ? 200 : 503, health),
    () => sendJson(res, 503, { status: "degraded", db: false, events: false }),
  );
}

type Route = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/** Which handler answers a request, by path: probes, metrics, tRPC, surfaces, the web app. */
function createRoutes(options: ServerOptions, limits: Limits, shutdown: AbortSignal): Route {
  const { runtime, logger, metrics } = options;
  const { trpc, surfaces } = createApiHandlers(options, limits, shutdown);
  const web = options.webDir
    ? webAppHandler(options.webDir, { sourceMaps: options.webSourceMaps ?? false })
    : undefined;
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
  return (req, res, path) => {
    if (cors(req, res, options.corsOrigins ?? [])) return;
    if (PROBE_PATHS.has(path)) {
      if (!refuseMethod(req, res, HEALTH_METHODS)) answerProbe(runtime, path, res);
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
      // it, other methods (TRACE among them) end in a 500 or a 415. Its JSON answers go out
      // compressed when asked for; its event streams pass as they are.
      if (refuseMethod(req, res, TRPC_METHODS)) return;
      underIpLimit(req, res, () => {
        compressJsonAnswer(req, res);
        return trpc(req, res);
      });
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
  };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { runtime, logger } = options;
  const shutdown = new AbortController();
  const limits = new Limits(runtime.db, options.limits, runtime.processId);
  const route = createRoutes(options, limits, shutdown.signal);
  let inFlight = 0;
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = pathOf(req);
    const attributes = {
      "http.request.method": method,
      "url.path": path,
      "client.address": req.socket.remoteAddress ?? "",
    };
    // One trace per request: procedures, turns, model calls and actions nest in this span.
    httpTracer.startActiveSpan(
      `${method} ${path}`,
      { kind: SpanKind.SERVER, attributes },
      (span) => {
        observeRequest(req, res, path, span, {
          logger,
          metrics: options.metrics,
          shutdown: shutdown.signal,
          server,
          count: (delta) => {
            inFlight += delta;
          },
        });
        route(req, res, path);
      },
    );
  });
  server.on("clientError", (error, socket) => {
    logger.warn("malformed HTTP request", { error: error.message });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });
  const { url, port } = await listen(server, options.port, options.host);
  const close = gracefulClose(
    server,
    shutdown,
    options.closeGraceMs ?? 10_000,
    logger,
    () => inFlight,
  );
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
