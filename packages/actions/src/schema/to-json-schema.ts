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
    override: ({ zodSchema, jsonSchema, path }) => {
      const rules = refinementRules(zodSchema, path);
      if (rules.length > 0) {
        const described = typeof jsonSchema.description === "string" ? jsonSchema.description : "";
        jsonSchema.description = [described, ...rules.map((rule) => `Rule: ${rule}`)]
          .filter((text) => text !== "")
          .join(" ");
      }
    },
  });
  const { $schema: _dropped, ...rest } = toJsonObject(generated, "zod JSON Schema");
  return closeObjects(rest);
}

/**
 * The messages of a schema's `.refine()` checks. JSON Schema cannot state an arbitrary predicate,
 * so its message goes into the description: without it the model would learn the rule only from
 * a rejection. A check without a message (a bare `.refine(fn)`, `.superRefine`) cannot be shown
 * and throws, so the definition fails where it is written.
 */
function refinementRules(schema: unknown, path: readonly (string | number)[]): string[] {
  if (!(schema instanceof z.ZodType)) return [];
  const rules: string[] = [];
  for (const check of schema._zod.def.checks ?? []) {
    const def: { check?: string; error?: unknown } = check._zod.def;
    if (def.check !== "custom") continue;
    const message = typeof def.error === "function" ? messageOf(def.error()) : undefined;
    if (message === undefined) {
      const where = path.length === 0 ? "the params object" : `#/${path.join("/")}`;
      throw new Error(
        `${where}: a .refine()/.superRefine() rule without a message is invisible to the model; ` +
          "give it a message (`.refine(fn, { message })`) or express it in the schema (e.g. .regex())",
      );
    }
    rules.push(/[.!?]$/.test(message) ? message : `${message}.`);
  }
  return rules;
}

function messageOf(error: unknown): string | undefined {
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null && "message" in error) {
    return typeof error.message === "string" ? error.message : undefined;
  }
  return undefined;
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
