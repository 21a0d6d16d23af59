// The contract every model provider implements (OpenAI, the scripted offline model, …).
// Schemas and tool definitions arrive as plain data: this layer never imports the action
// catalog, so it stays independent of how those schemas are derived.

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of `promptTokens`, those served from the provider's prompt cache (when it reports them). */
  cachedPromptTokens?: number;
}

/** Why the model stopped; `length` means the output was cut off (raw JSON is likely truncated). */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "other";

export interface StructuredRequest {
  messages: readonly ChatMessage[];
  /** Name of the response format (a-z, A-Z, 0-9, `_`, `-`; at most 64 characters). */
  schemaName: string;
  /** A strict JSON Schema (every property required, `additionalProperties: false`). */
  jsonSchema: Record<string, unknown>;
  signal?: AbortSignal;
  /** Streams the reply: called with each piece of its text as it arrives. */
  onText?: (chunk: string) => void;
}

export interface StructuredReply {
  /** The model's text, unparsed: it may be invalid JSON, and the caller decides what to do. */
  raw: string;
  model: string;
  finishReason: FinishReason;
  usage?: TokenUsage;
}

export interface ToolDefinition {
  type: "function";
  function: {
    name: string;
    description: string;
    parameters: Record<string, unknown>;
    strict: true;
  };
}

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text as produced by the model; not parsed here. */
  arguments: string;
}

export interface ExecutedToolCall extends ToolCall {
  /** What was sent back to the model: the tool's result, or a one-line error. */
  output: string;
}

export interface ToolLoopRequest {
  messages: readonly ChatMessage[];
  tools: readonly ToolDefinition[];
  /** Upper bound on model calls in this loop (at least 1). */
  maxSteps: number;
  /**
   * Runs one tool call and returns the text the model sees. If it throws, the model is
   * told `Error: <name> - <message>` and the loop continues.
   */
  executeTool(call: ToolCall): Promise<string>;
  signal?: AbortSignal;
  /** Streams the model's text (every step's) as it arrives. */
  onText?: (chunk: string) => void;
}

export interface ToolLoopReply {
  /** The model's final text; empty when the loop stopped at the limit without one. */
  message: string;
  /** Every tool call executed, in order, with the output the model was given. */
  calls: ExecutedToolCall[];
  /** Model calls made. */
  steps: number;
  /** True when `maxSteps` was reached while the model was still calling tools. */
  stoppedAtLimit: boolean;
  model: string;
  /** Summed over all steps (absent when the endpoint reported no usage). */
  usage?: TokenUsage;
}

export interface ModelProvider {
  readonly name: string;
  structured(request: StructuredRequest): Promise<StructuredReply>;
  toolLoop(request: ToolLoopRequest): Promise<ToolLoopReply>;
}

export type ModelErrorKind =
  | "rate_limited"
  | "server"
  | "timeout"
  | "connection"
  | "bad_request"
  | "auth"
  | "refusal"
  | "empty"
  | "too_large"
  | "aborted";

// Transient kinds: the same request may succeed later. Providers already retried these
// (with backoff) before throwing, so a caller retrying is a deliberate second round.
const RETRYABLE_KINDS: ReadonlySet<ModelErrorKind> = new Set([
  "rate_limited",
  "server",
  "timeout",
  "connection",
  "empty",
]);

export interface ModelErrorOptions {
  status?: number;
  retryable?: boolean;
  cause?: unknown;
}

/** The only error a provider throws for a failed model call. */
export class ModelError extends Error {
  override readonly name = "ModelError";
  readonly kind: ModelErrorKind;
  /** HTTP status when the endpoint answered with one. */
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(kind: ModelErrorKind, message: string, options: ModelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(kind);
  }
}
