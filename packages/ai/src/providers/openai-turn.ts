import type { ChatCompletion } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { type FinishReason, ModelError, type TokenUsage, type ToolCall } from "./types.ts";

/**
 * One assistant reply, whether it came as a JSON body or was assembled from an SSE
 * stream. Everything after the HTTP call works on this shape only, so streamed and
 * non-streamed replies cannot drift apart.
 */
export interface ModelTurn {
  model: string;
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage?: TokenUsage;
}

export function turnFromCompletion(completion: ChatCompletion): ModelTurn {
  const choice = completion.choices[0];
  if (choice === undefined) {
    throw new ModelError("empty", "The model returned no choices.");
  }
  const { message } = choice;
  const toolCalls = (message.tool_calls ?? []).map((call) =>
    // We only declare function tools, so a custom call cannot be requested legitimately;
    // it is still surfaced (not dropped) so every call id gets an answer.
    call.type === "function"
      ? {
          id: call.id,
          name: call.function.name,
          arguments: wireText(call.function.arguments) ?? "",
        }
      : { id: call.id, name: call.custom.name, arguments: wireText(call.custom.input) ?? "" },
  );
  return {
    model: completion.model,
    content: wireText(message.content),
    refusal: wireText(message.refusal),
    toolCalls,
    finishReason: toFinishReason(choice.finish_reason),
    ...(completion.usage ? { usage: toUsage(completion.usage) } : {}),
  };
}

/**
 * A text field of a reply as the wire had it. The API promises a string, but an
 * OpenAI-compatible endpoint may send anything (`42`, `true`, `{"foo":1}`): such a value is
 * kept as its JSON text, which the response parser then rejects precisely, so the turn asks
 * the model again instead of failing on a string method later.
 */
export function wireText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    default:
      return "other";
  }
}

export function toUsage(usage: CompletionUsage): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
    ...(typeof cached === "number" ? { cachedPromptTokens: cached } : {}),
  };
}

export function addUsage(
  a: TokenUsage | undefined,
  b: TokenUsage | undefined,
): TokenUsage | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const cached = (a.cachedPromptTokens ?? 0) + (b.cachedPromptTokens ?? 0);
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
  };
}

/** Throws the ModelError a refusal or a content-filter stop stands for, if any. */
export function assertNotRefused(turn: ModelTurn): void {
  if (turn.refusal) {
    throw new ModelError("refusal", `The model refused: ${turn.refusal}`);
  }
  if (turn.finishReason === "content_filter" && !turn.content && turn.toolCalls.length === 0) {
    throw new ModelError("refusal", "The reply was withheld by the content filter.");
  }
}
