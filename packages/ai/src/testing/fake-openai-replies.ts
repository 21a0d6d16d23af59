// Scripted replies for the fake OpenAI server, and how each one is rendered on the wire:
// as a chat.completion JSON body, or as chat.completion.chunk SSE events when the request
// asked for `stream: true`. The shapes follow the public Chat Completions API closely
// enough for the official SDK to parse them.

interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

/** How a JSON reply is cut into SSE chunks (ignored for non-streamed requests). */
interface FakeStreamOptions {
  /** Characters of content / arguments per chunk (default 8). */
  chunkSize?: number;
  /** Milliseconds before each chunk of output (default 0): a model generating at a fixed pace. */
  paceMs?: number;
  /**
   * Called right after each SSE event is written: its position (0 is the opening role chunk,
   * then one per piece of content …; `total` is the `[DONE]` line). For measurements.
   */
  onChunk?: (index: number, total: number) => void;
  /** Send this many chunks, then go silent without closing (a stalled stream). */
  stallAfterChunks?: number;
  /** Send this many chunks, then an SSE error frame, then close. */
  errorAfterChunks?: number;
  /** Send this many chunks, then close without a finish reason or `[DONE]`. */
  cutAfterChunks?: number;
}

interface ReplyCommon {
  /** Wait this long before sending anything (status line included): triggers client timeouts. */
  delayMs?: number;
}

interface JsonReplyCommon extends ReplyCommon {
  /** Defaults to the model named in the request. */
  model?: string;
  /** `null` omits usage; by default a rough count is derived from the text lengths. */
  usage?: FakeUsage | null;
  stream?: FakeStreamOptions;
}

export interface FakeMessageReply extends JsonReplyCommon {
  kind: "message";
  content: string | null;
  refusal?: string;
  finishReason?: "stop" | "length" | "content_filter";
}

export interface FakeToolCall {
  /** Generated (`call_<n>`) when omitted. */
  id?: string;
  name: string;
  /** JSON text, sent verbatim (so tests can send invalid JSON too). */
  arguments: string;
}

export interface FakeToolCallsReply extends JsonReplyCommon {
  kind: "tool_calls";
  calls: FakeToolCall[];
  /** Optional text alongside the calls. */
  content?: string | null;
}

export interface FakeErrorReply extends ReplyCommon {
  kind: "error";
  status: number;
  /** Sent as JSON; defaults to an OpenAI-style `{ error: { message, type, param, code } }`. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A body sent exactly as given (chunked, no Content-Length): what no conforming endpoint sends. */
export interface FakeRawReply extends ReplyCommon {
  kind: "raw";
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type FakeReply = FakeMessageReply | FakeToolCallsReply | FakeErrorReply | FakeRawReply;

type MessageExtras = Omit<FakeMessageReply, "kind" | "content">;
type ToolCallExtras = Omit<FakeToolCallsReply, "kind" | "calls">;

/** Builders for the usual replies. */
export const fakeReply = {
  text(content: string | null, extras: MessageExtras = {}): FakeMessageReply {
    return { kind: "message", content, ...extras };
  },
  /** A message whose content is `JSON.stringify(value)` (what structured outputs look like). */
  json(value: unknown, extras: MessageExtras = {}): FakeMessageReply {
    return { kind: "message", content: JSON.stringify(value), ...extras };
  },
  refusal(text: string, extras: MessageExtras = {}): FakeMessageReply {
    return { kind: "message", content: null, refusal: text, ...extras };
  },
  toolCalls(calls: FakeToolCall[], extras: ToolCallExtras = {}): FakeToolCallsReply {
    return { kind: "tool_calls", calls, ...extras };
  },
  /** One function call; non-string arguments are JSON-encoded. */
  toolCall(name: string, args: unknown, extras: ToolCallExtras = {}): FakeToolCallsReply {
    const text = typeof args === "string" ? args : JSON.stringify(args);
    return { kind: "tool_calls", calls: [{ name, arguments: text }], ...extras };
  },
  error(
    status: number,
    options: { message?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): FakeErrorReply {
    const body = options.body ?? errorBody(status, options.message ?? `fake error ${status}`);
    return {
      kind: "error",
      status,
      body,
      ...(options.headers ? { headers: options.headers } : {}),
    };
  },
  raw(body: string, options: { status?: number; headers?: Record<string, string> } = {}) {
    const reply: FakeRawReply = { kind: "raw", status: options.status ?? 200, body };
    return options.headers ? { ...reply, headers: options.headers } : reply;
  },
  /** A chat.completion whose message `content` is any JSON value (`42`, `true`, an object). */
  contentOfAnyType(content: unknown): FakeRawReply {
    const completion = {
      id: "chatcmpl-fake-raw",
      object: "chat.completion",
      created: 0,
      model: "fake",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
    };
    return { kind: "raw", status: 200, body: JSON.stringify(completion) };
  },
  /** A 429 that asks for an immediate retry (`retry-after: 0`), so tests stay fast. */
  rateLimited(headers: Record<string, string> = { "retry-after": "0" }): FakeErrorReply {
    return fakeReply.error(429, { message: "Rate limit reached (fake)", headers });
  },
  /** `then`, sent only after `ms` milliseconds (longer than the client timeout → a timeout). */
  delay<R extends FakeReply>(ms: number, then: R): R {
    return { ...then, delayMs: ms };
  },
};

export function errorBody(status: number, message: string): unknown {
  const type =
    status === 401
      ? "invalid_authentication"
      : status === 429
        ? "rate_limit_exceeded"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
  return { error: { message, type, param: null, code: null } };
}

/** What rendering needs to know about the request and the server's counters. */
export interface RenderContext {
  id: string;
  model: string;
  created: number;
  promptChars: number;
  nextCallId: () => string;
  includeUsage: boolean;
}

interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

function toolCallsOf(reply: FakeToolCallsReply, ctx: RenderContext): WireToolCall[] {
  return reply.calls.map((call) => ({
    id: call.id ?? ctx.nextCallId(),
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
}

function usageOf(
  reply: FakeMessageReply | FakeToolCallsReply,
  ctx: RenderContext,
  outChars: number,
) {
  if (reply.usage === null) return undefined;
  if (reply.usage) return reply.usage;
  // Roughly four characters per token: plausible numbers, stable across runs.
  const prompt = Math.ceil(ctx.promptChars / 4);
  const completion = Math.ceil(outChars / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function finishReasonOf(reply: FakeMessageReply | FakeToolCallsReply): string {
  return reply.kind === "tool_calls" ? "tool_calls" : (reply.finishReason ?? "stop");
}

/** The non-streamed `chat.completion` body. */
export function renderCompletion(
  reply: FakeMessageReply | FakeToolCallsReply,
  ctx: RenderContext,
): Record<string, unknown> {
  const toolCalls = reply.kind === "tool_calls" ? toolCallsOf(reply, ctx) : [];
  const content = reply.content ?? null;
  const refusal = reply.kind === "message" ? (reply.refusal ?? null) : null;
  const outChars =
    (content ?? "").length + toolCalls.reduce((n, c) => n + c.function.arguments.length, 0);
  const usage = usageOf(reply, ctx, outChars);
  return {
    id: ctx.id,
    object: "chat.completion",
    created: ctx.created,
    model: reply.model ?? ctx.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content,
          refusal,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(reply),
      },
    ],
    ...(usage ? { usage } : {}),
  };
}

function pieces(text: string, size: number): string[] {
  // Split by code point so a chunk never ends inside a surrogate pair.
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** The `chat.completion.chunk` events of a streamed reply, in order (without `[DONE]`). */
export function renderChunks(
  reply: FakeMessageReply | FakeToolCallsReply,
  ctx: RenderContext,
): Record<string, unknown>[] {
  const size = Math.max(1, reply.stream?.chunkSize ?? 8);
  const model = reply.model ?? ctx.model;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: ctx.id,
    object: "chat.completion.chunk",
    created: ctx.created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });

  const chunks: Record<string, unknown>[] = [chunk({ role: "assistant", content: "" })];
  const content = reply.content ?? "";
  for (const part of pieces(content, size)) chunks.push(chunk({ content: part }));
  if (reply.kind === "message" && reply.refusal !== undefined) {
    for (const part of pieces(reply.refusal, size)) chunks.push(chunk({ refusal: part }));
  }
  const toolCalls = reply.kind === "tool_calls" ? toolCallsOf(reply, ctx) : [];
  toolCalls.forEach((call, index) => {
    // Like the real API: id, type and name first, then the arguments in fragments.
    chunks.push(
      chunk({
        tool_calls: [
          {
            index,
            id: call.id,
            type: "function",
            function: { name: call.function.name, arguments: "" },
          },
        ],
      }),
    );
    for (const part of pieces(call.function.arguments, size)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  chunks.push(chunk({}, finishReasonOf(reply)));

  const outChars = content.length + toolCalls.reduce((n, c) => n + c.function.arguments.length, 0);
  const usage = usageOf(reply, ctx, outChars);
  if (ctx.includeUsage && usage) {
    // The API sends usage in a last chunk with no choices when `include_usage` is set.
    chunks.push({
      id: ctx.id,
      object: "chat.completion.chunk",
      created: ctx.created,
      model,
      choices: [],
      usage,
    });
  }
  return chunks;
}
