import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { sizeLimitedFetch } from "./limited-fetch.ts";
import { toModelError } from "./openai-errors.ts";
import { readChunkStream } from "./openai-stream.ts";
import { addUsage, assertNotRefused, type ModelTurn, turnFromCompletion } from "./openai-turn.ts";
import {
  type ChatMessage,
  type ExecutedToolCall,
  ModelError,
  type ModelProvider,
  type StructuredReply,
  type StructuredRequest,
  type TokenUsage,
  type ToolCall,
  type ToolLoopReply,
  type ToolLoopRequest,
} from "./types.ts";

export interface OpenAIProviderConfig {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (Azure, Ollama, vLLM, a test server); ends in `/v1`. */
  baseURL?: string;
  model: string;
  /** Per attempt: the SDK retries a timed-out attempt, so the worst case is about (maxRetries + 1) × timeoutMs plus backoff. */
  timeoutMs: number;
  /** Retries of transient failures (429, 408, 409, 5xx, timeouts, connection errors), done by the SDK with backoff and retry-after. */
  maxRetries: number;
  /** Ask for SSE streaming; replies are assembled and returned whole, exactly as without it. */
  stream?: boolean;
  /** Provider name reported in `ModelProvider.name`; defaults to "openai". */
  name?: string;
  /**
   * Largest response body read from the endpoint, in bytes (default 4 MiB: sixteen times the
   * largest reply the parser accepts, for JSON escaping and tool-call framing). A larger one
   * is a `too_large` ModelError, and never read whole.
   */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** The request fields a turn varies; model and streaming are filled in by `#complete`. */
type TurnParams = Pick<
  ChatCompletionCreateParamsBase,
  "messages" | "response_format" | "tools" | "parallel_tool_calls"
>;

export class OpenAIProvider implements ModelProvider {
  readonly name: string;
  readonly #client: OpenAI;
  readonly #model: string;
  readonly #stream: boolean;
  readonly #timeoutMs: number;

  constructor(config: OpenAIProviderConfig) {
    this.name = config.name ?? "openai";
    this.#model = config.model;
    this.#stream = config.stream ?? false;
    this.#timeoutMs = config.timeoutMs;
    // Retries stay inside the SDK: it honours retry-after / retry-after-ms, adds jittered
    // exponential backoff, and knows which failures are safe to repeat.
    this.#client = new OpenAI({
      apiKey: config.apiKey,
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries,
      fetch: sizeLimitedFetch(config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
      ...(config.baseURL === undefined ? {} : { baseURL: config.baseURL }),
    });
  }

  async structured(request: StructuredRequest): Promise<StructuredReply> {
    const turn = await this.#complete(
      {
        messages: request.messages.map(toMessageParam),
        response_format: {
          type: "json_schema",
          json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: true },
        },
      },
      request.signal,
    );
    assertNotRefused(turn);
    if (!turn.content) {
      throw new ModelError("empty", "The model returned no content.");
    }
    return {
      raw: turn.content,
      model: turn.model,
      finishReason: turn.finishReason,
      ...(turn.usage ? { usage: turn.usage } : {}),
    };
  }

  async toolLoop(request: ToolLoopRequest): Promise<ToolLoopReply> {
    const { signal } = request;
    const { maxSteps } = request;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      // A programming error, not a model failure: fail before any call is made.
      throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);
    }
    const messages: ChatCompletionMessageParam[] = request.messages.map(toMessageParam);
    // Copied into the SDK's mutable shape; `strict: true` is part of each definition.
    const tools = request.tools.map((tool) => ({
      type: tool.type,
      function: { ...tool.function },
    }));
    const calls: ExecutedToolCall[] = [];
    let usage: TokenUsage | undefined;
    let model = this.#model;

    // Each step is one model call; the loop always ends through one of the returns below.
    for (let step = 1; ; step++) {
      // One call at a time keeps actions in the order the model chose them.
      const turn = await this.#complete({ messages, tools, parallel_tool_calls: false }, signal);
      usage = addUsage(usage, turn.usage);
      if (turn.model) model = turn.model;
      assertNotRefused(turn);

      if (turn.toolCalls.length === 0) {
        // An empty answer is only an error when nothing happened; after tools ran the
        // caller must learn which ones, so it gets the calls with an empty message.
        if (!turn.content && calls.length === 0) {
          throw new ModelError("empty", "The model returned neither text nor tool calls.");
        }
        return withUsage(
          { message: turn.content ?? "", calls, steps: step, stoppedAtLimit: false, model },
          usage,
        );
      }

      messages.push({
        role: "assistant",
        content: turn.content,
        tool_calls: turn.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        })),
      });
      for (const call of turn.toolCalls) {
        const output = await runTool(request, call);
        calls.push({ ...call, output });
        messages.push({ role: "tool", tool_call_id: call.id, content: output });
      }

      if (step >= maxSteps) {
        // The requested calls ran (they were the model's decisions), but the model does not
        // get another turn to comment on them.
        return withUsage(
          { message: turn.content ?? "", calls, steps: step, stoppedAtLimit: true, model },
          usage,
        );
      }
    }
  }

  async #complete(params: TurnParams, signal: AbortSignal | undefined): Promise<ModelTurn> {
    if (signal?.aborted) throw new ModelError("aborted", "The model call was aborted.");
    const options = signal ? { signal } : {};
    try {
      if (this.#stream) {
        const stream = await this.#client.chat.completions.create(
          {
            ...params,
            model: this.#model,
            stream: true,
            // Usage arrives in one extra final chunk only when asked for.
            stream_options: { include_usage: true },
          },
          options,
        );
        return await readChunkStream(stream, this.#timeoutMs, signal);
      }
      const completion = await this.#client.chat.completions.create(
        { ...params, model: this.#model },
        options,
      );
      return turnFromCompletion(completion);
    } catch (error) {
      throw toModelError(error, signal);
    }
  }
}

function toMessageParam(message: ChatMessage): ChatCompletionMessageParam {
  return { role: message.role, content: message.content };
}

async function runTool(request: ToolLoopRequest, call: ToolCall): Promise<string> {
  try {
    return await request.executeTool(call);
  } catch (error) {
    // The caller's abort ends the loop; any other failure is reported to the model in the
    // one-line form the rest of the system uses, and the loop continues.
    if (request.signal?.aborted) {
      throw new ModelError("aborted", "The model call was aborted.", { cause: error });
    }
    const text = error instanceof Error ? error.message : String(error);
    return `Error: ${call.name} - ${text}`;
  }
}

function withUsage(reply: ToolLoopReply, usage: TokenUsage | undefined): ToolLoopReply {
  return usage ? { ...reply, usage } : reply;
}
