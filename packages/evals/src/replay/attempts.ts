// The actions a model reply carried, read from the reply body as it came over the wire:
// structured content `{ message, actions }` or tool calls. Invalid ones included (they are
// what a policy score looks for: an attempt counts even when the engine refused it).
import { isRecord } from "@trellis/actions";

export function attemptedActions(reply: unknown): { type: string; params: unknown }[] {
  if (!isRecord(reply) || !Array.isArray(reply.choices)) return [];
  const message: unknown = isRecord(reply.choices[0]) ? reply.choices[0].message : undefined;
  if (!isRecord(message)) return [];
  if (Array.isArray(message.tool_calls)) {
    return message.tool_calls.flatMap((call) => {
      if (!isRecord(call) || !isRecord(call.function)) return [];
      const { name, arguments: args } = call.function;
      return typeof name === "string" ? [{ type: name, params: parseOr(args) }] : [];
    });
  }
  const content = typeof message.content === "string" ? parseOr(message.content) : null;
  if (!isRecord(content) || !Array.isArray(content.actions)) return [];
  return content.actions.flatMap((action) =>
    isRecord(action) && typeof action.type === "string"
      ? [{ type: action.type, params: action.params }]
      : [],
  );
}

function parseOr(text: unknown): unknown {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
