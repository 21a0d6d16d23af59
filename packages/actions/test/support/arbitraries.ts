import fc from "fast-check";
import {
  type ActionKit,
  type AnyCatalog,
  isJsonArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type Phase,
} from "./exports.ts";

/**
 * fast-check arbitraries derived from an action's full params JSON Schema, so the property tests
 * cover every action (including ones added later) without hand-written generators.
 * Covers every keyword and format the converter can emit (test/arbitraries.test.ts enforces it):
 * strings (lengths, any pattern, every strict-mode format), integers and numbers (bounds,
 * multipleOf), booleans, enums, consts, arrays, objects with optional keys, anyOf.
 * Anything else throws, so a new kind of param gets noticed here.
 */

const textChars = [..."abcdefgh XYZ0123.,'\"{}[]é😀"];
const lower = [..."abcdefghijklmnopqrstuvwxyz"];
const alnum = [...lower, ..."0123456789"];
const hex = [..."0123456789abcdef"];

const word = (chars: string[], minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((each) => each.join(""));
const hexWord = (length: number) => word(hex, length, length);
const isoDate = fc
  .date({
    min: new Date("1970-01-01T00:00:00Z"),
    max: new Date("2199-12-31T23:59:59Z"),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

/** Values of each `format` strict mode allows, well-formed by construction. */
const formatArbitraries: Readonly<Record<string, fc.Arbitrary<string>>> = {
  "date-time": isoDate,
  date: isoDate.map((iso) => iso.slice(0, 10)),
  // RFC 3339 full-time (with its offset), as JSON Schema's "time" means.
  time: isoDate.map((iso) => `${iso.slice(11, 19)}Z`),
  duration: fc.tuple(fc.nat(400), fc.nat(23)).map(([days, hours]) => `P${days}DT${hours}H`),
  email: fc
    .tuple(word(alnum, 1, 12), word(lower, 1, 12), word(lower, 2, 6))
    .map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
  hostname: fc
    .array(word(alnum, 1, 12), { minLength: 1, maxLength: 4 })
    .map((labels) => labels.join(".")),
  ipv4: fc.ipV4(),
  ipv6: fc.array(word(hex, 1, 4), { minLength: 8, maxLength: 8 }).map((groups) => groups.join(":")),
  uuid: fc
    .tuple(hexWord(8), hexWord(4), hexWord(3), fc.constantFrom(..."89ab"), hexWord(3), hexWord(12))
    .map(([a, b, c, variant, d, e]) => `${a}-${b}-4${c}-${variant}${d}-${e}`),
};

/** The formats the generators know (compared with the strict subset in a test). */
export const generatedFormats: readonly string[] = Object.keys(formatArbitraries);

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  const fits = (text: string) => text.length >= min && text.length <= max;
  const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern, "u") : undefined;
  if (typeof schema.format === "string") {
    const values = formatArbitraries[schema.format];
    if (values === undefined) throw new Error(`No generator for format ${schema.format}`);
    // A format's value also satisfies zod's stricter pattern for it, most of the time.
    return values.filter((text) => fits(text) && (pattern?.test(text) ?? true));
  }
  if (pattern !== undefined) {
    return fc.stringMatching(pattern).filter(fits);
  }
  // Params are trimmed: keep generated text free of outer whitespace so it round-trips.
  const upTo = Math.min(max, 40);
  return fc
    .array(fc.constantFrom(...textChars), { minLength: Math.max(min, 1), maxLength: upTo })
    .map((chars) => chars.join("").trim())
    .filter((text) => text.length >= Math.max(min, 1) && text.length <= upTo);
}

function numberArbitrary(schema: JsonObject): fc.Arbitrary<number> {
  const bound = (key: string) => {
    const value = schema[key];
    return typeof value === "number" ? value : undefined;
  };
  const minimum = bound("minimum") ?? bound("exclusiveMinimum") ?? -1_000_000;
  const maximum = bound("maximum") ?? bound("exclusiveMaximum") ?? 1_000_000;
  const step = bound("multipleOf");
  const inRange = (value: number) =>
    value >= minimum &&
    value <= maximum &&
    value !== bound("exclusiveMinimum") &&
    value !== bound("exclusiveMaximum");
  if (step !== undefined) {
    // Whole multiples of the step inside the bounds.
    return fc
      .integer({ min: Math.ceil(minimum / step), max: Math.floor(maximum / step) })
      .map((factor) => factor * step)
      .filter((value) => inRange(value) && Number.isInteger(value / step));
  }
  if (schema.type === "integer") {
    return fc.integer({ min: Math.ceil(minimum), max: Math.floor(maximum) }).filter(inRange);
  }
  return fc
    .double({ min: minimum, max: maximum, noNaN: true, noDefaultInfinity: true })
    .filter(inRange);
}

export function valueArbitrary(schema: JsonObject): fc.Arbitrary<JsonValue> {
  if (isJsonArray(schema.anyOf)) {
    return fc.oneof(...schema.anyOf.filter(isJsonObject).map((branch) => valueArbitrary(branch)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (isJsonArray(schema.enum)) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema);
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number":
      return numberArbitrary(schema);
    case "array": {
      if (!isJsonObject(schema.items)) throw new Error("array without items");
      const minLength = typeof schema.minItems === "number" ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : 5, 5);
      return fc.array(valueArbitrary(schema.items), { minLength, maxLength });
    }
    case "object":
      return objectArbitrary(schema, "wire");
    default:
      throw new Error(`No generator for ${JSON.stringify(schema)}`);
  }
}

/**
 * "wire": every key present, optional ones possibly null (what a strict model sends).
 * "api": optional keys possibly absent (what a careful API client sends).
 */
function objectArbitrary(schema: JsonObject, form: "wire" | "api"): fc.Arbitrary<JsonObject> {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set(isJsonArray(schema.required) ? schema.required : []);
  const entries: Record<string, fc.Arbitrary<JsonValue>> = {};
  const optionalKeys: string[] = [];
  for (const [key, child] of Object.entries(properties)) {
    if (!isJsonObject(child)) continue;
    const value = valueArbitrary(child);
    if (required.has(key)) entries[key] = value;
    else {
      optionalKeys.push(key);
      entries[key] = form === "wire" ? fc.option(value, { nil: null }) : value;
    }
  }
  return fc.record(
    entries,
    form === "wire"
      ? {}
      : { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) },
  );
}

/**
 * Valid wire params for one action (filtered through its zod schema for refinements).
 * "coach": only the params the model is offered (no user-only ones).
 */
export function paramsArbitrary<C extends AnyCatalog>(
  kit: ActionKit<C>,
  type: string,
  view: "all" | "coach" = "all",
): fc.Arbitrary<JsonObject> {
  if (!kit.isActionType(type)) throw new Error(`unknown ${type}`);
  const definition = kit.catalog[type];
  if (definition === undefined) throw new Error(`unknown ${type}`);
  const schema = kit.paramsJsonSchema(type);
  const hidden = new Set(view === "coach" ? kit.userOnlyParams(type).map((p) => p.param) : []);
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const offered = {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).filter(([key]) => !hidden.has(key))),
  };
  return objectArbitrary(offered, "wire").filter(
    (params) => kit.parseActionParams(type, params).ok,
  );
}

export interface WireAction {
  readonly type: string;
  readonly params: JsonObject;
}

/** A valid action for the phase, as the model is offered it. */
function actionArbitrary<C extends AnyCatalog>(
  kit: ActionKit<C>,
  phase: Phase,
): fc.Arbitrary<WireAction> {
  const types = kit.coachActionsForPhase(phase);
  return fc.oneof(
    ...types.map((type) => paramsArbitrary(kit, type, "coach").map((params) => ({ type, params }))),
  );
}

/** A valid response for the phase. */
export function responseArbitrary<C extends AnyCatalog>(
  kit: ActionKit<C>,
  phase: Phase,
  maxActions = 6,
): fc.Arbitrary<{ message: string; actions: WireAction[] }> {
  return fc.record({
    message: fc.string({ maxLength: 200 }),
    actions: fc.array(actionArbitrary(kit, phase), { maxLength: maxActions }),
  });
}

/** Any phase. */
export function phaseArbitrary(phases: readonly Phase[]): fc.Arbitrary<Phase> {
  return fc.constantFrom(...phases);
}
