import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  errorBody,
  type FakeMessageReply,
  type FakeReply,
  type FakeToolCallsReply,
  type RenderContext,
  renderChunks,
  renderCompletion,
} from "./fake-openai-replies.ts";
import {
  chatRequestSchema,
  type FakeChatRequestBody,
  type RecordedRequest,
} from "./fake-openai-request.ts";
import { readBody, sendJson } from "./json-http.ts";

export interface FakeOpenAIOptions {
  /**
   * Answers requests when the queue is empty, so a test (or a scripted, phase-aware model)
   * can decide from what was sent. Without it, an empty queue answers 500 with
   * `x-should-retry: false` (the SDK does not retry it) and a message saying so.
   */
  respond?: (body: FakeChatRequestBody, request: RecordedRequest) => FakeReply | Promise<FakeReply>;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others get 401. */
  apiKey?: string;
}

export interface FakeOpenAI {
  /** Base URL for the SDK's `baseURL` (ends in `/v1`). */
  readonly url: string;
  /** Every chat-completions request received (retries included), in arrival order. */
  readonly requests: RecordedRequest[];
  /** Replies served to the next requests, first in first out. */
  enqueue(...replies: FakeReply[]): void;
  /** Replies still queued. */
  readonly pending: number;
  /** `requests[index]`, or a thrown error naming how many arrived. */
  request(index: number): RecordedRequest;
  /** Stops the server, dropping open connections and pending delays. */
  close(): Promise<void>;
}

const CHAT_PATH = "/v1/chat/completions";

/** An OpenAI-compatible Chat Completions endpoint on 127.0.0.1 (random port) for tests. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const cancelDelays = new Set<() => void>();
  let counter = 0;

  // Resolves true after `ms`, or false as soon as the client goes away / the server closes.
  const wait = (ms: number, res: ServerResponse) =>
    new Promise<boolean>((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        cancelDelays.delete(cancel);
        res.off("close", cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      cancelDelays.add(cancel);
      res.on("close", cancel);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const n = ++counter;
    res.setHeader("x-request-id", `req_fake_${n}`);
    const text = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "POST" || path !== CHAT_PATH) {
      return sendJson(res, 404, errorBody(404, `Unknown route: ${req.method} ${path}`));
    }
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, errorBody(401, "Incorrect API key provided (fake)."));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return sendJson(res, 400, errorBody(400, "Request body is not valid JSON."));
    }
    const parsed = chatRequestSchema.safeParse(json);
    if (!parsed.success) {
      return sendJson(res, 400, errorBody(400, `Invalid request: ${parsed.error.message}`));
    }
    const recorded: RecordedRequest = {
      method: req.method,
      path,
      headers: flattenHeaders(req.headers),
      body: parsed.data,
    };
    requests.push(recorded);

    let reply = queue.shift();
    if (reply === undefined && options.respond) {
      try {
        reply = await options.respond(parsed.data, recorded);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return sendJson(res, 500, errorBody(500, `respond() threw: ${message}`), {
          "x-should-retry": "false",
        });
      }
    }
    if (reply === undefined) {
      return sendJson(res, 500, errorBody(500, "Fake OpenAI server: no reply queued."), {
        "x-should-retry": "false",
      });
    }

    const ctx: RenderContext = {
      id: `chatcmpl-fake-${n}`,
      model: parsed.data.model,
      created: Math.floor(Date.now() / 1000),
      promptChars: JSON.stringify(parsed.data.messages).length,
      nextCallId: () => `call_fake_${++counter}`,
      includeUsage: parsed.data.stream_options?.include_usage === true,
    };
    await serveReply(res, reply, ctx, parsed.data.stream === true, (ms) => wait(ms, res));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake itself: make it loud in the test output rather than hanging.
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `Fake server failure: ${message}`));
      else res.destroy();
    });
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    get pending() {
      return queue.length;
    },
    request(index) {
      const found = requests[index];
      if (found === undefined) {
        throw new Error(`Fake OpenAI: no request #${index} (received ${requests.length}).`);
      }
      return found;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const cancel of [...cancelDelays]) cancel();
        server.close((error) => (error ? reject(error) : resolve()));
        // Stalled streams and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/** One reply, after its delay: raw bytes, an error, or a completion (streamed when asked). */
async function serveReply(
  res: ServerResponse,
  reply: FakeReply,
  ctx: RenderContext,
  stream: boolean,
  wait: (ms: number) => Promise<boolean>,
): Promise<void> {
  if (reply.delayMs !== undefined && reply.delayMs > 0) {
    if (!(await wait(reply.delayMs))) return;
  }
  if (reply.kind === "raw") {
    if (res.destroyed) return;
    res.writeHead(reply.status, { ...reply.headers, "content-type": "application/json" });
    res.end(reply.body);
    return;
  }
  if (reply.kind === "error") {
    return sendJson(
      res,
      reply.status,
      reply.body ?? errorBody(reply.status, "error"),
      reply.headers,
    );
  }
  if (stream) return sendStream(res, reply, ctx, wait);
  return sendJson(res, 200, renderCompletion(reply, ctx));
}

/** Listens on 127.0.0.1, on a port the system picks; resolves with it. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("Fake OpenAI: the server has no TCP address.");
  }
  return address.port;
}

function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

async function sendStream(
  res: ServerResponse,
  reply: FakeMessageReply | FakeToolCallsReply,
  ctx: RenderContext,
  /** Resolves false when the client went away meanwhile. */
  pause: (ms: number) => Promise<boolean>,
): Promise<void> {
  if (res.destroyed) return;
  const chunks = renderChunks(reply, ctx);
  const {
    stallAfterChunks,
    errorAfterChunks,
    cutAfterChunks,
    paceMs = 0,
    onChunk,
  } = reply.stream ?? {};
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  // Position `chunks.length` is the `[DONE]` line, so every option can also stop just before it.
  for (let index = 0; index <= chunks.length; index++) {
    if (index === stallAfterChunks) return; // keep the connection open, send nothing more
    if (index === cutAfterChunks) {
      res.end();
      return;
    }
    if (index === errorAfterChunks) {
      const error = {
        message: "The server had an error while processing your request (fake).",
        type: "server_error",
      };
      res.end(`data: ${JSON.stringify({ error })}\n\n`);
      return;
    }
    const chunk = chunks[index];
    // Like a model: a pause before each generated piece; the closing chunks follow at once.
    if (index > 0 && paceMs > 0 && carriesOutput(chunk) && !(await pause(paceMs))) return;
    res.write(chunk === undefined ? "data: [DONE]\n\n" : `data: ${JSON.stringify(chunk)}\n\n`);
    onChunk?.(index, chunks.length);
  }
  res.end();
}

/** Whether a chunk carries generated text or tool-call arguments (not the opening or closing). */
function carriesOutput(chunk: Record<string, unknown> | undefined): boolean {
  const choices = chunk?.choices;
  if (!Array.isArray(choices)) return false;
  const delta: unknown = choices[0]?.delta;
  return typeof delta === "object" && delta !== null && Object.keys(delta).length > 0;
}
