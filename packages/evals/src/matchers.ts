// Matching one expected param against the value the model sent, by what the param is (its
// JSON Schema from the action's definition): ids and enums exactly, numbers within a
// tolerance, dates by value, free text by contains / regex / any, or left to a judge.
import { isActionType, isRecord, paramsJsonSchema } from "@trellis/actions";
import type { ParamExpectation as Expectation, ParamMatcher } from "./case-schema.ts";

/** `judge`: not decided here (the judge model scores it, apart from the deterministic scores). */
export type MatchResult = "match" | "mismatch" | "judge";

/** The matcher a bare value stands for. */
function normalize(expectation: Expectation): ParamMatcher {
  if (typeof expectation === "object" && !Array.isArray(expectation)) return expectation;
  return { equals: expectation };
}

/**
 * `ids` maps the case's identity keys to the ids they got in this run; a `ref` matches only
 * that id.
 */
export function matchParam(
  expectation: Expectation,
  actual: unknown,
  ids: ReadonlyMap<string, string>,
): MatchResult {
  const m = normalize(expectation);
  const present = actual !== undefined && actual !== null;
  if ("absent" in m) return present ? "mismatch" : "match";
  if (!present) return "mismatch";
  if ("any" in m) return "match";
  if ("judge" in m) return "judge";
  if ("ref" in m) return ids.get(m.ref) === actual ? "match" : "mismatch";
  if ("equals" in m) return sameJson(m.equals, actual) ? "match" : "mismatch";
  if ("approx" in m) {
    return typeof actual === "number" && Math.abs(actual - m.approx) <= m.tolerance
      ? "match"
      : "mismatch";
  }
  if ("date" in m) {
    const want = Date.parse(m.date);
    return typeof actual === "string" && Date.parse(actual) === want ? "match" : "mismatch";
  }
  const texts = textsOf(actual);
  if ("regex" in m) {
    const pattern = new RegExp(m.regex, "iu");
    return texts.some((text) => pattern.test(text)) ? "match" : "mismatch";
  }
  const found = (needle: string) =>
    texts.some((text) => text.toLowerCase().includes(needle.toLowerCase()));
  if ("contains" in m) return m.contains.every(found) ? "match" : "mismatch";
  return m.containsAny.some(found) ? "match" : "mismatch";
}

function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => sameJson(a[key], b[key]));
  }
  return a === b;
}

const ID_PATTERN = "^[A-Za-z0-9_-]+$";

type ParamKind = "ref" | "enum" | "number" | "date" | "text" | "list" | "boolean" | "object";

const allowed: Record<ParamKind, ReadonlySet<string>> = {
  ref: new Set(["ref", "any", "absent"]),
  enum: new Set(["equals", "any", "absent"]),
  number: new Set(["equals", "approx", "any", "absent"]),
  date: new Set(["date", "any", "absent"]),
  text: new Set(["equals", "contains", "containsAny", "regex", "any", "absent", "judge"]),
  list: new Set(["equals", "contains", "containsAny", "regex", "any", "absent", "judge"]),
  boolean: new Set(["equals", "any", "absent"]),
  object: new Set(["equals", "any", "absent"]),
};

/** What kind of value a param of an action is, from its definition. */
export function paramKinds(type: string): Map<string, ParamKind> {
  const kinds = new Map<string, ParamKind>();
  if (!isActionType(type)) return kinds;
  const schema = paramsJsonSchema(type);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    kinds.set(name, kindOf(property));
  }
  return kinds;
}

function kindOf(property: unknown): ParamKind {
  if (!isRecord(property)) return "object";
  if (Array.isArray(property.enum) || "const" in property) return "enum";
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (type === "number" || type === "integer") return "number";
  if (type === "boolean") return "boolean";
  if (type === "array") return "list";
  // Entity ids (`ref.identity()`) carry the id pattern; no free text does.
  if (type === "string" && property.pattern === ID_PATTERN) return "ref";
  if (type === "string") {
    return property.format === "date" || property.format === "date-time" ? "date" : "text";
  }
  if (Array.isArray(property.anyOf)) return kindOf(property.anyOf[0]);
  return "object";
}

/** Problems of one expected action's params against its definition (empty when fine). */
export function checkExpectation(
  type: string,
  params: Record<string, Expectation>,
  refKeys: ReadonlySet<string>,
): string[] {
  const kinds = paramKinds(type);
  const problems: string[] = [];
  for (const [name, expectation] of Object.entries(params)) {
    const kind = kinds.get(name);
    if (kind === undefined) {
      problems.push(`${type}.${name}: no such param (has ${[...kinds.keys()].join(", ")})`);
      continue;
    }
    const matcher = normalize(expectation);
    const how = Object.keys(matcher)[0] ?? "";
    if (!allowed[kind].has(how)) {
      problems.push(
        `${type}.${name} is ${kind === "ref" ? "an id" : kind}: '${how}' cannot match it`,
      );
    }
    if ("ref" in matcher && !refKeys.has(matcher.ref)) {
      problems.push(`${type}.${name}: no identity '${matcher.ref}' in the start state`);
    }
  }
  return problems;
}
