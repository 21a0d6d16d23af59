import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { type Logger, loggedPath } from "../logger.ts";
import type { ServerMetrics } from "../metrics.ts";
import { setSecurityHeaders } from "../security-headers.ts";
import { requestIdOf } from "./responses.ts";

const SUBSCRIPTION_PATH = `/trpc/events.subscribe`;

export interface RequestBookkeeping {
  logger: Logger;
  metrics: ServerMetrics | undefined;
  shutdown: AbortSignal;
  server: Server;
  /** Counts requests in flight: +1 when one starts, -1 when it ends. */
  count(delta: 1 | -1): void;
}

/**
 * What every request gets before it is routed: a request id (kept from the caller when plain),
 * security headers, the in-flight count, one log line when it ends, and the end of its span.
 */
export function observeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  span: Span,
  book: RequestBookkeeping,
): void {
  const started = performance.now();
  const requestId = requestIdOf(req);
  // The context reads it from here (action log lines carry it).
  req.headers["x-request-id"] = requestId;
  book.count(1);
  res.setHeader("x-request-id", requestId);
  setSecurityHeaders(res);
  const { metrics } = book;
  const subscription = metrics !== undefined && path === SUBSCRIPTION_PATH;
  if (subscription) metrics.subscriptionOpened();
  // While closing, a finished response must not keep its connection alive.
  if (book.shutdown.aborted) res.setHeader("connection", "close");
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    book.count(-1);
    if (subscription) metrics.subscriptionClosed();
    const { traceId, spanId } = span.spanContext();
    book.logger.info("request", {
      requestId,
      ...(trace.isSpanContextValid(span.spanContext()) ? { traceId, spanId } : {}),
      method: req.method,
      path: loggedPath(path),
      status: res.statusCode,
      durationMs: Math.round(performance.now() - started),
      aborted: !res.writableFinished || undefined,
    });
    // A keep-alive connection becomes idle after its last response: let close() finish.
    if (book.shutdown.aborted) setImmediate(() => book.server.closeIdleConnections());
  };
  res.on("finish", done);
  res.on("close", done);
  res.once("close", () => {
    span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
