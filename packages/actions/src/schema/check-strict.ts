import { isRecord } from "./json.ts";
import {
  jsonSchemaTypes,
  strictFormats,
  strictKeywords,
  strictLimits,
  unsupportedKeywordHints,
} from "./strict-rules.ts";

export type StrictSchemaRule =
  | "not_a_schema"
  | "root_not_object"
  | "unsupported_keyword"
  | "missing_type"
  | "invalid_type"
  | "additional_properties"
  | "required_keys"
  | "unsupported_format"
  | "invalid_any_of"
  | "invalid_items"
  | "invalid_ref"
  | "invalid_enum"
  | "invalid_value"
  | "too_deep"
  | "too_many_properties"
  | "too_many_enum_values"
  | "too_much_text"
  | "large_enum_text";

export interface StrictSchemaProblem {
  /** JSON Pointer to the offending schema, e.g. `#/properties/actions/items`. */
  readonly path: string;
  readonly rule: StrictSchemaRule;
  readonly message: string;
}

/** Guards against cyclic or absurdly deep input; far above any legal nesting. */
const MAX_WALK_DEPTH = 64;

interface Totals {
  properties: number;
  enumValues: number;
  stringLength: number;
}

/**
 * Checks a JSON Schema against the rules of OpenAI Structured Outputs strict mode (see
 * strict-rules.ts) and returns every violation with its path. Never throws.
 */
export function checkStrictSchema(schema: unknown): StrictSchemaProblem[] {
  const problems: StrictSchemaProblem[] = [];
  const report = (path: string, rule: StrictSchemaRule, message: string) => {
    problems.push({ path, rule, message });
  };
  if (!isRecord(schema)) {
    report("#", "not_a_schema", "The schema must be a JSON object");
    return problems;
  }
  if (schema.type !== "object") report("#", "root_not_object", 'The root must have type "object"');
  if (schema.anyOf !== undefined) report("#", "root_not_object", "The root must not be an anyOf");
  const totals: Totals = { properties: 0, enumValues: 0, stringLength: 0 };
  const defs = isRecord(schema.$defs) ? schema.$defs : {};
  checkNode(schema, "#", 0, 0, { report, totals, defs });
  if (totals.properties > strictLimits.totalProperties) {
    report(
      "#",
      "too_many_properties",
      `${totals.properties} object properties in total; the limit is ${strictLimits.totalProperties}`,
    );
  }
  if (totals.enumValues > strictLimits.totalEnumValues) {
    report(
      "#",
      "too_many_enum_values",
      `${totals.enumValues} enum values in total; the limit is ${strictLimits.totalEnumValues}`,
    );
  }
  if (totals.stringLength > strictLimits.totalStringLength) {
    report(
      "#",
      "too_much_text",
      `${totals.stringLength} characters of property names, definition names, enum and const ` +
        `values; the limit is ${strictLimits.totalStringLength}`,
    );
  }
  return problems;
}

interface Walk {
  readonly report: (path: string, rule: StrictSchemaRule, message: string) => void;
  readonly totals: Totals;
  readonly defs: Record<string, unknown>;
}

/**
 * `objectDepth`: how many object schemas enclose this one (the root object is at level 1).
 * `walkDepth`: raw recursion depth, only to stop on cycles.
 */
function checkNode(
  node: unknown,
  path: string,
  objectDepth: number,
  walkDepth: number,
  walk: Walk,
) {
  const { report, totals } = walk;
  if (walkDepth > MAX_WALK_DEPTH) {
    report(path, "too_deep", "The schema nests too deeply to check (cyclic?)");
    return;
  }
  if (!isRecord(node)) {
    report(path, "not_a_schema", "Expected a schema object");
    return;
  }
  for (const keyword of Object.keys(node)) {
    if (!strictKeywords.has(keyword)) {
      const hint = unsupportedKeywordHints.get(keyword);
      report(
        path,
        "unsupported_keyword",
        `"${keyword}" is not supported in strict mode${hint === undefined ? "" : `: ${hint}`}`,
      );
    }
  }
  const types = checkType(node, path, report);
  if (
    types === undefined &&
    node.anyOf === undefined &&
    node.$ref === undefined &&
    node.enum === undefined &&
    node.const === undefined
  ) {
    report(path, "missing_type", "Every schema needs a type (or anyOf, $ref, enum, const)");
  }
  for (const keyword of ["description", "title", "pattern"] as const) {
    if (node[keyword] !== undefined && typeof node[keyword] !== "string") {
      report(path, "invalid_value", `"${keyword}" must be a string`);
    }
  }
  for (const keyword of [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
  ]) {
    if (node[keyword] !== undefined && typeof node[keyword] !== "number") {
      report(path, "invalid_value", `"${keyword}" must be a number`);
    }
  }
  for (const keyword of ["minItems", "maxItems"]) {
    const value = node[keyword];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && typeof value === "number" && value >= 0)
    ) {
      report(path, "invalid_value", `"${keyword}" must be a non-negative integer`);
    }
  }
  if (
    node.format !== undefined &&
    !(typeof node.format === "string" && strictFormats.has(node.format))
  ) {
    report(
      path,
      "unsupported_format",
      `format ${JSON.stringify(node.format)} is not supported; use one of ${[...strictFormats].join(", ")}`,
    );
  }
  const isObject = types?.includes("object") === true || node.properties !== undefined;
  const depth = isObject ? objectDepth + 1 : objectDepth;
  if (isObject) {
    if (depth > strictLimits.nestingDepth) {
      report(
        path,
        "too_deep",
        `Objects nest ${depth} levels deep; the limit is ${strictLimits.nestingDepth}`,
      );
    }
    checkObject(node, path, depth, walkDepth, walk);
  } else if (node.additionalProperties !== undefined || node.required !== undefined) {
    report(path, "invalid_value", "additionalProperties/required belong on an object schema");
  }
  if (node.items !== undefined) {
    if (isRecord(node.items)) {
      checkNode(node.items, `${path}/items`, depth, walkDepth + 1, walk);
    } else {
      report(
        `${path}/items`,
        "invalid_items",
        "items must be one schema (tuples are not supported)",
      );
    }
  } else if (types?.includes("array") === true) {
    report(path, "invalid_items", "An array schema needs items");
  }
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) {
      report(`${path}/anyOf`, "invalid_any_of", "anyOf must be a non-empty array of schemas");
    } else {
      node.anyOf.forEach((branch: unknown, index: number) => {
        checkNode(branch, `${path}/anyOf/${index}`, objectDepth, walkDepth + 1, walk);
      });
    }
  }
  if (node.$ref !== undefined) checkRef(node.$ref, path, walk);
  if (node.$defs !== undefined) {
    if (path !== "#") report(path, "invalid_ref", "$defs belongs at the root");
    if (isRecord(node.$defs)) {
      for (const [name, definition] of Object.entries(node.$defs)) {
        totals.stringLength += name.length;
        checkNode(definition, `${path}/$defs/${name}`, 0, walkDepth + 1, walk);
      }
    } else {
      report(`${path}/$defs`, "invalid_ref", "$defs must be an object of schemas");
    }
  }
  if (node.enum !== undefined) checkEnum(node.enum, path, walk);
  if (node.const !== undefined && typeof node.const === "string") {
    totals.stringLength += node.const.length;
  }
}

function checkType(
  node: Record<string, unknown>,
  path: string,
  report: Walk["report"],
): string[] | undefined {
  const { type } = node;
  if (type === undefined) return undefined;
  const list = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  if (
    list === undefined ||
    list.length === 0 ||
    !list.every((item): item is string => typeof item === "string" && jsonSchemaTypes.has(item)) ||
    new Set(list).size !== list.length
  ) {
    report(path, "invalid_type", `Invalid type ${JSON.stringify(type)}`);
    return undefined;
  }
  return list;
}

function checkObject(
  node: Record<string, unknown>,
  path: string,
  depth: number,
  walkDepth: number,
  walk: Walk,
) {
  const { report, totals } = walk;
  if (node.additionalProperties !== false) {
    report(path, "additional_properties", "Every object needs additionalProperties: false");
  }
  const properties = node.properties;
  if (properties !== undefined && !isRecord(properties)) {
    report(`${path}/properties`, "not_a_schema", "properties must be an object of schemas");
    return;
  }
  const names = properties === undefined ? [] : Object.keys(properties);
  const required = node.required;
  const requiredNames = Array.isArray(required)
    ? required.filter((name): name is string => typeof name === "string")
    : [];
  if (
    required !== undefined &&
    (!Array.isArray(required) || requiredNames.length !== required.length)
  ) {
    report(path, "required_keys", "required must be an array of property names");
  }
  const missing = names.filter((name) => !requiredNames.includes(name));
  if (missing.length > 0) {
    report(
      path,
      "required_keys",
      `Every property must be required; not required: ${missing.join(", ")} (make optional ones nullable)`,
    );
  }
  const unknown = requiredNames.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    report(path, "required_keys", `required lists unknown properties: ${unknown.join(", ")}`);
  }
  if (properties === undefined) return;
  for (const [name, child] of Object.entries(properties)) {
    totals.properties += 1;
    totals.stringLength += name.length;
    checkNode(child, `${path}/properties/${escapePointer(name)}`, depth, walkDepth + 1, walk);
  }
}

function checkRef(ref: unknown, path: string, walk: Walk) {
  if (typeof ref !== "string" || !ref.startsWith("#")) {
    walk.report(path, "invalid_ref", "$ref must point inside the schema (#/$defs/…)");
    return;
  }
  const prefix = "#/$defs/";
  if (ref.startsWith(prefix) && !Object.hasOwn(walk.defs, ref.slice(prefix.length))) {
    walk.report(path, "invalid_ref", `$ref ${ref} points to a missing definition`);
  }
}

function checkEnum(values: unknown, path: string, walk: Walk) {
  if (!Array.isArray(values) || values.length === 0) {
    walk.report(path, "invalid_enum", "enum must be a non-empty array");
    return;
  }
  let length = 0;
  for (const value of values) {
    if (typeof value === "string") length += value.length;
  }
  walk.totals.enumValues += values.length;
  walk.totals.stringLength += length;
  if (values.length > strictLimits.largeEnumValues && length > strictLimits.largeEnumStringLength) {
    walk.report(
      path,
      "large_enum_text",
      `An enum with more than ${strictLimits.largeEnumValues} values may hold at most ` +
        `${strictLimits.largeEnumStringLength} characters; this one holds ${length}`,
    );
  }
}

/** JSON Pointer escaping (RFC 6901) so a path always points at one place. */
function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}
