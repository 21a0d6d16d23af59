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
 * Supports what the catalog uses: strings (length, the id pattern), enums, consts, arrays,
 * objects with optional keys. Anything else throws, so a new kind of param gets noticed here.
 */

const ID_PATTERN = "^[A-Za-z0-9_-]+$";
const idChars = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"];
const textChars = [..."abcdefgh XYZ0123.,'\"{}[]é😀"];

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = Math.min(typeof schema.maxLength === "number" ? schema.maxLength : 40, 40);
  if (schema.pattern !== undefined) {
    if (schema.pattern !== ID_PATTERN)
      throw new Error(`No generator for pattern ${String(schema.pattern)}`);
    return fc
      .array(fc.constantFrom(...idChars), { minLength: Math.max(min, 1), maxLength: max })
      .map((chars) => chars.join(""));
  }
  // Params are trimmed: keep generated text free of outer whitespace so it round-trips.
  return fc
    .array(fc.constantFrom(...textChars), { minLength: Math.max(min, 1), maxLength: max })
    .map((chars) => chars.join("").trim())
    .filter((text) => text.length >= Math.max(min, 1) && text.length <= max);
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
export function objectArbitrary(
  schema: JsonObject,
  form: "wire" | "api",
): fc.Arbitrary<JsonObject> {
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
export function actionArbitrary<C extends AnyCatalog>(
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
