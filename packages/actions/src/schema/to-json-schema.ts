import { z } from "zod";
import {
  isJsonArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  toJsonObject,
} from "./json.ts";

/**
 * Full-fidelity JSON Schema (draft 2020-12) of a zod schema, for docs and API clients: every
 * constraint zod can express (lengths, patterns, optional keys), `$schema` dropped (the caller
 * embeds it), and `additionalProperties: false` on every object because our parsers reject
 * unknown keys. `io: "input"` describes what callers send; "output" what they get back.
 */
export function zodToJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const generated = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "throw",
    cycles: "throw",
    reused: "inline",
  });
  const { $schema: _dropped, ...rest } = toJsonObject(generated, "zod JSON Schema");
  return closeObjects(rest);
}

function closeObjects(node: JsonObject): JsonObject {
  const result: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node)) {
    result[key] = closeValue(key, value);
  }
  if (isJsonObject(node.properties) && result.additionalProperties === undefined) {
    result.additionalProperties = false;
  }
  return result;
}

/** Recurse into keywords that hold subschemas; leave data keywords (enum, const, required) alone. */
function closeValue(keyword: string, value: JsonValue): JsonValue {
  if (keyword === "properties" || keyword === "$defs") {
    if (!isJsonObject(value)) return value;
    const children: Record<string, JsonValue> = {};
    for (const [name, child] of Object.entries(value)) {
      children[name] = isJsonObject(child) ? closeObjects(child) : child;
    }
    return children;
  }
  if (keyword === "items" || keyword === "additionalProperties") {
    return isJsonObject(value) ? closeObjects(value) : value;
  }
  if (
    keyword === "anyOf" ||
    keyword === "oneOf" ||
    keyword === "allOf" ||
    keyword === "prefixItems"
  ) {
    return isJsonArray(value)
      ? value.map((child) => (isJsonObject(child) ? closeObjects(child) : child))
      : value;
  }
  return value;
}
