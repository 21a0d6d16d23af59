import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { type ModelTurn, toFinishReason, toUsage, wireText } from "./openai-turn.ts";
import { ModelError, type TokenUsage } from "./types.ts";

/** What the SDK returns for `stream: true`: an async iterable that owns an abort controller. */
export interface ChunkStream extends AsyncIterable<ChatCompletionChunk> {
  controller: AbortController;
}

interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Reads an SSE chat-completion stream to the end and folds its deltas into one turn.
 *
 * The SDK's `timeout` only covers the wait for response headers when streaming, so a body
 * that stalls would hang forever: an idle timer (reset on every chunk) aborts it. The SDK
 * ends iteration silently when its controller is aborted, which is why the timeout and the
 * caller's abort are detected here, after the loop, instead of surfacing as errors.
 */
export async function readChunkStream(
  stream: ChunkStream,
  idleTimeoutMs: number,
  signal?: AbortSignal,
  /** Each piece of the reply's text as it arrives (the caller shows it; it must not throw). */
  onContent?: (text: string) => void,
): Promise<ModelTurn> {
  let model = "";
  let content: string | null = null;
  let refusal: string | null = null;
  let finishReason: string | null = null;
  let usage: TokenUsage | undefined;
  // Keyed by the delta's `index`; a Map keeps untrusted indices away from array holes.
  const calls = new Map<number, PartialToolCall>();

  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      stream.controller.abort();
    }, idleTimeoutMs);
  };
  const onAbort = () => stream.controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });

  try {
    arm();
    for await (const chunk of stream) {
      arm();
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = toUsage(chunk.usage);
      // We never ask for n > 1, so only the first choice carries the reply.
      const choice = chunk.choices?.find((c) => c.index === 0);
      if (choice === undefined) continue;
      const { delta } = choice;
      const contentPart = wireText(delta.content);
      if (contentPart !== null) {
        content = (content ?? "") + contentPart;
        if (contentPart !== "") onContent?.(contentPart);
      }
      const refusalPart = wireText(delta.refusal);
      if (refusalPart !== null) refusal = (refusal ?? "") + refusalPart;
      for (const part of delta.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: "", name: "", arguments: "" };
        if (part.id) call.id = part.id;
        // Names arrive whole (usually in the first delta); arguments arrive in fragments.
        const name = part.function?.name ?? part.custom?.name;
        if (name) call.name = name;
        call.arguments += wireText(part.function?.arguments ?? part.custom?.input) ?? "";
        calls.set(part.index, call);
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }

  if (signal?.aborted) throw new ModelError("aborted", "The model call was aborted.");
  if (timedOut) {
    throw new ModelError("timeout", `The model stream sent nothing for ${idleTimeoutMs} ms.`);
  }
  // Every conforming endpoint ends a choice with a finish reason; without one the stream
  // was cut short and the text (or tool arguments) is incomplete.
  if (finishReason === null) {
    throw new ModelError("connection", "The model stream ended before the reply was finished.");
  }
  return {
    model,
    // The API opens every stream with `content: ""`, even for a tool-call-only reply whose
    // non-streamed form has `content: null`; map it back so both paths agree.
    content: content === "" ? null : content,
    refusal,
    toolCalls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call),
    finishReason: toFinishReason(finishReason),
    ...(usage ? { usage } : {}),
  };
}
