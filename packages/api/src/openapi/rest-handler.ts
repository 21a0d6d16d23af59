// The plain-JSON routes (`/api/...`): each request runs its procedure through tRPC's call path
// with a context made by the same factory as tRPC's (bearer token, per-user isolation, rate
// limits, caps), and answers JSON without superjson's envelope (dates as ISO strings). Errors
// have tRPC's formatted shape and status; a rate limit adds `Retry-After`. Streams answer
// `text/event-stream`: one `data:` line of JSON per event, with its id (resume with
// `Last-Event-ID`).
import type { IncomingMessage, ServerResponse } from "node:http";
import { isTrackedEnvelope, TRPCError } from "@trpc/server";
import type { Context, ContextInput } from "../context.ts";
import { RateLimitedError } from "../limits/index.ts";
import { queryInput, reviveDates } from "../plain/plain-input.ts";
import {
  callPlain,
  hasInputProperty,
  type PlainFailure,
  plainFailure,
} from "../plain/procedures.ts";
import { type PlainRoute, plainRoutes, REST_PREFIX } from "./routes.ts";

export interface RestHandlerOptions {
  createContext: (input: ContextInput) => Context;
  /** Largest JSON body read (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Comment lines keep idle streams open through proxies (default every 10 s). */
  pingMs?: number;
  /** Failures no response states in full (internal errors), for the server's log. */
  onError?: (error: unknown, path: string) => void;
}

export function isRestPath(path: string): boolean {
  return path.startsWith(`${REST_PREFIX}/`);
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) {
      throw new TRPCError({
        code: "PAYLOAD_TOO_LARGE",
        message: `The body is larger than ${maxBytes} bytes`,
      });
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "The body is not valid JSON", cause });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function sendFailure(res: ServerResponse, failure: PlainFailure): void {
  const limited = failure.error instanceof RateLimitedError ? failure.error : undefined;
  send(
    res,
    failure.status,
    failure.shape,
    limited ? { "retry-after": String(limited.retryAfterSeconds) } : {},
  );
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The input as the procedure takes it: body or query, headers folded in, dates revived. */
async function inputOf(req: IncomingMessage, route: PlainRoute, url: URL, maxBytes: number) {
  const raw =
    route.method === "GET"
      ? queryInput(route.procedure.input, url.searchParams)
      : await readJson(req, maxBytes);
  const input = raw === undefined ? undefined : reviveDates(route.procedure.inputSchemas, raw);
  const folded: Record<string, string> = {};
  const key = headerOf(req, "idempotency-key");
  if (key !== undefined && hasInputProperty(route.procedure.input, "idempotencyKey")) {
    folded.idempotencyKey = key;
  }
  const lastEventId = headerOf(req, "last-event-id");
  if (lastEventId !== undefined && route.streams) folded.lastEventId = lastEventId;
  if (Object.keys(folded).length === 0) return input;
  // What the body or query says wins over a header.
  return { ...folded, ...(typeof input === "object" && input !== null ? input : {}) };
}

export function createRestHandler(options: RestHandlerOptions) {
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;
  const pingMs = options.pingMs ?? 10_000;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = plainRoutes().get(`${req.method} ${url.pathname}`);
    if (!route) {
      const other = [...plainRoutes().values()].find((r) => r.path === url.pathname);
      const error = other
        ? new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `Use ${other.method}` })
        : new TRPCError({ code: "NOT_FOUND", message: `No route ${req.method} ${url.pathname}` });
      if (other) res.setHeader("allow", other.method);
      sendFailure(res, plainFailure(error, undefined, undefined, undefined));
      return;
    }
    let input: unknown;
    try {
      input = await inputOf(req, route, url, maxBytes);
    } catch (error) {
      sendFailure(res, plainFailure(error, route.procedure, undefined, undefined));
      return;
    }
    const aborted = new AbortController();
    res.once("close", () => aborted.abort());
    const result = await callPlain({
      createContext: options.createContext,
      procedure: route.procedure,
      headers: req.headers,
      input,
      signal: aborted.signal,
    });
    if (!result.ok) {
      if (result.status >= 500) options.onError?.(result.error.cause ?? result.error, route.path);
      sendFailure(res, result);
      return;
    }
    if (!route.streams) {
      send(res, 200, result.data ?? null);
      return;
    }
    await streamEvents(res, result.data, pingMs, aborted.signal, (error) => {
      const failure = plainFailure(error, route.procedure, input, undefined);
      if (failure.status >= 500) options.onError?.(error, route.path);
      return failure.shape;
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** Writes a subscription's events as SSE until it ends, fails, or the client leaves. */
async function streamEvents(
  res: ServerResponse,
  events: unknown,
  pingMs: number,
  signal: AbortSignal,
  shapeOf: (error: unknown) => unknown,
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
  const ping = setInterval(() => res.write(": ping\n\n"), pingMs);
  try {
    if (!isAsyncIterable(events)) return;
    for await (const event of events) {
      if (signal.aborted) break;
      if (isTrackedEnvelope(event)) {
        const [id, data] = event;
        res.write(`id: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
      } else {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      }
    }
  } catch (error) {
    if (!signal.aborted) res.write(`event: error\ndata: ${JSON.stringify(shapeOf(error))}\n\n`);
  } finally {
    clearInterval(ping);
    res.end();
  }
}
