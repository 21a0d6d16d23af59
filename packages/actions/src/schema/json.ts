/** Plain JSON values. Readonly: derived schemas are shared and frozen. */
type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | JsonObject;
export type JsonObject = { readonly [key: string]: JsonValue };

/** The one object test of the workspace: a plain object, not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return isRecord(value);
}

export function isJsonArray(value: JsonValue | undefined): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/**
 * Converts the output of a trusted generator (zod's JSON Schema) into a JsonValue, checking
 * rather than asserting, so a surprise (a function, `undefined`, a class) fails loudly here.
 */
function toJsonValue(value: unknown, path = "#"): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw new Error(`Not JSON at ${path}: ${value}`);
  }
  if (Array.isArray(value))
    return value.map((item, index) => toJsonValue(item, `${path}/${index}`));
  if (typeof value === "object") {
    const result: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) result[key] = toJsonValue(item, `${path}/${key}`);
    }
    return result;
  }
  throw new Error(`Not JSON at ${path}: ${typeof value}`);
}

export function toJsonObject(value: unknown, what: string): JsonObject {
  const json = toJsonValue(value);
  if (!isJsonObject(json)) throw new Error(`${what} is not a JSON object`);
  return json;
}

/** Freezes a JSON value in depth, so a cached schema handed out cannot be changed by a caller. */
export function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Pretty JSON for prompts and docs (two-space indent, stable because our objects are built in order). */
export function prettyJson(value: JsonValue): string {
  return JSON.stringify(value, null, 2);
}
