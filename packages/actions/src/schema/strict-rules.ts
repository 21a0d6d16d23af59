/**
 * The subset of JSON Schema that OpenAI Structured Outputs accepts in strict mode, and its size
 * limits, as `checkStrictSchema` enforces them. The converter (strict.ts) copies the value
 * keywords as they are and rebuilds the structure; what it emits is held to these rules by the
 * checker, which runs over every derived schema (at definition time and in the tests).
 */

/** Strict-mode keywords whose value is data, not a subschema: the converter copies them. */
export const strictValueKeywords: ReadonlySet<string> = new Set([
  "type",
  "description",
  "enum",
  "const",
  "$ref",
  // strings
  "pattern",
  "format",
  // numbers
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  // arrays
  "minItems",
  "maxItems",
]);

/** Keywords strict mode supports. Anything else is rejected by `checkStrictSchema`. */
export const strictKeywords: ReadonlySet<string> = new Set([
  ...strictValueKeywords,
  "title",
  // structure
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "$defs",
]);

/** `format` values strict mode supports. */
export const strictFormats: ReadonlySet<string> = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

export const jsonSchemaTypes: ReadonlySet<string> = new Set([
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "null",
]);

/**
 * Hints for keywords people reach for; the checker names the strict-mode alternative.
 * A Map, not an object literal: one of the keys is `then`, which would make an object thenable.
 */
export const unsupportedKeywordHints: ReadonlyMap<string, string> = new Map([
  ["oneOf", "use anyOf"],
  ["allOf", "merge the schemas into one object"],
  ["not", "not supported in strict mode"],
  ["if", "conditional schemas are not supported in strict mode"],
  ["then", "conditional schemas are not supported in strict mode"],
  ["else", "conditional schemas are not supported in strict mode"],
  ["default", "defaults are not supported; describe the default in `description`"],
  ["minLength", "string lengths are not supported; state the limit in `description`"],
  ["maxLength", "string lengths are not supported; state the limit in `description`"],
  ["patternProperties", "objects must list fixed properties"],
  ["propertyNames", "objects must list fixed properties"],
  ["unevaluatedProperties", "use additionalProperties: false"],
  ["minProperties", "objects must list fixed properties"],
  ["maxProperties", "objects must list fixed properties"],
  ["uniqueItems", "not supported; state it in `description`"],
  ["contains", "not supported in strict mode"],
  ["prefixItems", "tuples are not supported; use an object"],
  ["$schema", "do not embed $schema"],
]);

/** Documented limits of strict mode. */
export const strictLimits = Object.freeze({
  /** Object properties across the whole schema. */
  totalProperties: 5000,
  /** Nesting levels of objects (the root object is level 1). */
  nestingDepth: 10,
  /** Enum values across the whole schema. */
  totalEnumValues: 1000,
  /** Characters of property names, definition names, enum values and const values together. */
  totalStringLength: 120_000,
  /** A single enum with more values than this … */
  largeEnumValues: 250,
  /** … may hold at most this many characters of values. */
  largeEnumStringLength: 15_000,
});
