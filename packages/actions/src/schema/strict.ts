import { isJsonArray, isJsonObject, type JsonObject, type JsonValue } from "./json.ts";
import { strictValueKeywords } from "./strict-rules.ts";

/**
 * Turns a full JSON Schema (from `zodToJsonSchema`, io "input") into the strict form OpenAI
 * Structured Outputs requires:
 * - every object lists all its keys in `required` and has `additionalProperties: false`;
 * - an optional key becomes required-but-nullable (parsers turn `null` back into "absent");
 * - constraints strict mode cannot enforce (string lengths, uniqueness, defaults) move into the
 *   `description`, so the model still reads them; our zod validation still enforces them;
 * - `oneOf` becomes `anyOf` (zod emits oneOf only for mutually exclusive branches).
 * Anything with no strict equivalent (intersections, records, tuples, conditionals) throws,
 * naming the path, so an action that cannot be offered to the model fails its tests.
 */
export function toStrictJsonSchema(full: JsonObject): JsonObject {
  return strictNode(full, "#");
}

/** Annotations that carry nothing the model needs; dropped. */
const droppedAnnotations = new Set([
  "title",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "$id",
  "$schema",
]);

function strictNode(node: JsonObject, path: string): JsonObject {
  const out: Record<string, JsonValue> = {};
  const notes: string[] = [];
  for (const [keyword, value] of Object.entries(node)) {
    if (droppedAnnotations.has(keyword)) continue;
    if (keyword === "properties") {
      if (!isJsonObject(value)) throw new Error(`${path}/properties is not an object`);
      Object.assign(out, strictObject(value, node.required, path));
    } else if (keyword === "items") {
      if (!isJsonObject(value))
        throw new Error(`${path}/items must be a single schema (no tuples)`);
      out.items = strictNode(value, `${path}/items`);
    } else if (keyword === "anyOf" || keyword === "oneOf") {
      if (!isJsonArray(value)) throw new Error(`${path}/${keyword} is not an array`);
      out.anyOf = value.map((branch, index) => {
        if (!isJsonObject(branch)) throw new Error(`${path}/${keyword}/${index} is not a schema`);
        return strictNode(branch, `${path}/${keyword}/${index}`);
      });
    } else if (keyword === "$defs") {
      if (!isJsonObject(value)) throw new Error(`${path}/$defs is not an object`);
      const defs: Record<string, JsonValue> = {};
      for (const [name, child] of Object.entries(value)) {
        if (!isJsonObject(child)) throw new Error(`${path}/$defs/${name} is not a schema`);
        defs[name] = strictNode(child, `${path}/$defs/${name}`);
      }
      out.$defs = defs;
    } else if (keyword === "minLength" || keyword === "maxLength") {
      // Folded into one note below, so "1-60 characters" reads naturally.
    } else if (keyword === "uniqueItems") {
      if (value === true) notes.push("Items must be unique");
    } else if (keyword === "default") {
      notes.push(`If null: ${JSON.stringify(value)}`);
    } else if (keyword === "required" || keyword === "additionalProperties") {
      // Rewritten with `properties`; a schema-valued additionalProperties (a catchall) is not strict.
      if (keyword === "additionalProperties" && value !== false) {
        throw new Error(`${path}: objects with open keys (records, catchall) have no strict form`);
      }
    } else if (strictValueKeywords.has(keyword)) {
      out[keyword] = value;
    } else {
      throw new Error(`${path}: "${keyword}" has no strict-mode equivalent`);
    }
  }
  if (out.type === "object" && out.properties === undefined) {
    Object.assign(out, { properties: {}, required: [], additionalProperties: false });
  }
  const lengthNote = describeLength(node.minLength, node.maxLength);
  if (lengthNote !== undefined) notes.unshift(lengthNote);
  if (notes.length > 0) out.description = appendNotes(out.description, notes);
  return out;
}

/** All keys required; the originally optional ones become nullable. */
function strictObject(
  properties: JsonObject,
  required: JsonValue | undefined,
  path: string,
): Record<string, JsonValue> {
  const requiredKeys = new Set(isJsonArray(required) ? required : []);
  const strictProperties: Record<string, JsonValue> = {};
  for (const [name, child] of Object.entries(properties)) {
    if (!isJsonObject(child)) throw new Error(`${path}/properties/${name} is not a schema`);
    const strictChild = strictNode(child, `${path}/properties/${name}`);
    strictProperties[name] = requiredKeys.has(name) ? strictChild : nullable(strictChild);
  }
  return {
    properties: strictProperties,
    required: Object.keys(strictProperties),
    additionalProperties: false,
  };
}

/** The same schema, also accepting null. Simple types use `type: [t, "null"]`, the rest anyOf. */
function nullable(schema: JsonObject): JsonObject {
  if (acceptsNull(schema)) return schema;
  const { type } = schema;
  if (typeof type === "string" && schema.enum === undefined && schema.const === undefined) {
    return { ...schema, type: [type, "null"] };
  }
  const { description, ...rest } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [rest, { type: "null" }],
  };
}

function acceptsNull(schema: JsonObject): boolean {
  const { type, anyOf } = schema;
  if (type === "null") return true;
  if (isJsonArray(type) && type.includes("null")) return true;
  if (isJsonArray(anyOf))
    return anyOf.some((branch) => isJsonObject(branch) && acceptsNull(branch));
  return false;
}

function describeLength(
  min: JsonValue | undefined,
  max: JsonValue | undefined,
): string | undefined {
  const low = typeof min === "number" && min > 0 ? min : undefined;
  const high = typeof max === "number" ? max : undefined;
  if (low !== undefined && high !== undefined) {
    return low === high ? `Exactly ${low} characters` : `${low}-${high} characters`;
  }
  if (high !== undefined) return `At most ${high} characters`;
  if (low !== undefined) return `At least ${low} characters`;
  return undefined;
}

function appendNotes(description: JsonValue | undefined, notes: readonly string[]): string {
  const text = notes.map((note) => `${note}.`).join(" ");
  if (typeof description !== "string" || description.trim() === "") return text;
  const base = description.trimEnd();
  return `${base}${/[.!?)]$/.test(base) ? "" : "."} ${text}`;
}
