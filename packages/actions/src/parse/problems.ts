import type { z } from "zod";

/**
 * One thing wrong with untrusted input, precise enough to tell the model how to fix it.
 * `index`: position of the action in the response's `actions` (null: the response as a whole).
 * `path`: where, e.g. `actions[2].params.name` (empty: the whole input).
 */
export interface Problem {
  readonly index: number | null;
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  readonly message: string;
}

type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Collects a problem found while walking input (the caller knows the action index). */
export type ReportProblem = (
  path: Path,
  expected: string,
  received: string,
  message: string,
) => void;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Keys are attacker-controlled: never echo more than this much of one. */
const MAX_KEY_ECHO = 40;
const MAX_STRING_ECHO = 40;

/** `["actions", 2, "params", "name"]` → `actions[2].params.name`. */
export function formatPath(path: Path): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER.test(segment) && segment.length <= MAX_KEY_ECHO) {
      text += text === "" ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(truncate(segment, MAX_KEY_ECHO))}]`;
  }
  return text;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** A short, bounded description of an untrusted value ("a string of 75 characters", "null"). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null";
  if (typeof value === "string") {
    return value.length <= MAX_STRING_ECHO
      ? JSON.stringify(value)
      : `a string of ${value.length} characters starting ${JSON.stringify(value.slice(0, 20))}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const shown = keys.slice(0, 5).map((key) => JSON.stringify(truncate(key, MAX_KEY_ECHO)));
    return `an object with key${keys.length === 1 ? "" : "s"} ${shown.join(", ")}${keys.length > 5 ? ` and ${keys.length - 5} more` : ""}`;
  }
  return `a ${typeof value}`;
}

/** The value at `path` inside `root`, following own properties only. */
function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = Reflect.get(current, segment);
  }
  return current;
}

export function problem(
  index: number | null,
  path: Path,
  expected: string,
  received: string,
  message: string,
): Problem {
  return { index, path: formatPath(path), expected, received, message };
}

/**
 * zod issues → problems. `input` is what was validated (to describe what was received);
 * `base` prefixes every path (e.g. `["actions", 2, "params"]`).
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  base: Path,
  index: number | null,
): Problem[] {
  return issues.map((issue) => {
    const relative = issue.path.filter(
      (segment): segment is PathSegment =>
        typeof segment === "string" || typeof segment === "number",
    );
    const received = valueAt(input, relative);
    const path = [...base, ...relative];
    const { expected, message } = explainIssue(issue, received);
    return problem(index, path, expected, describeValue(received), message);
  });
}

function explainIssue(
  issue: z.core.$ZodIssue,
  received: unknown,
): { expected: string; message: string } {
  switch (issue.code) {
    case "invalid_type":
      if (received === undefined) {
        return { expected: article(issue.expected), message: "Missing required value" };
      }
      return { expected: article(issue.expected), message: "Wrong type" };
    case "too_big":
      return { expected: bound("at most", issue.origin, issue.maximum), message: "Too big" };
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) {
        return { expected: "a non-empty string", message: "Empty" };
      }
      return { expected: bound("at least", issue.origin, issue.minimum), message: "Too small" };
    case "invalid_value":
      return {
        expected: `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`,
        message: "Not an allowed value",
      };
    case "invalid_format":
      return {
        expected:
          issue.pattern === undefined
            ? `a string in ${issue.format} format`
            : `a string matching ${issue.pattern}`,
        message: "Wrong format",
      };
    case "unrecognized_keys":
      return {
        expected: "no other keys",
        message: `Unexpected key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => JSON.stringify(truncate(key, MAX_KEY_ECHO))).join(", ")}`,
      };
    case "invalid_union":
      return {
        expected: "one of the allowed shapes",
        message: "Matches none of the allowed shapes",
      };
    default:
      // custom (refinements) and the rest: zod's message is the rule itself.
      return { expected: issue.message, message: issue.message };
  }
}

function article(type: string): string {
  if (type === "array" || type === "object" || type === "int") {
    return type === "int" ? "an integer" : `an ${type}`;
  }
  return type === "null" ? "null" : `a ${type}`;
}

function bound(relation: string, origin: string, limit: number | bigint): string {
  if (origin === "string") return `a string of ${relation} ${limit} characters`;
  if (origin === "array") return `${relation} ${limit} items`;
  return `a ${origin} ${relation} ${limit}`;
}

/** Unexpected keys reported one by one; the rest are summed up in one problem. */
const MAX_KEY_REPORTS = 10;

/** Reports keys that do not belong at `path` (bounded, whatever the number of keys). */
export function reportUnexpectedKeys(
  keys: readonly string[],
  path: Path,
  expected: string,
  report: ReportProblem,
): void {
  for (const key of keys.slice(0, MAX_KEY_REPORTS)) {
    report(
      [...path, key],
      expected,
      `the key ${JSON.stringify(truncate(key, MAX_KEY_ECHO))}`,
      "Unexpected key",
    );
  }
  if (keys.length > MAX_KEY_REPORTS) {
    report(
      path,
      expected,
      `${keys.length - MAX_KEY_REPORTS} more unexpected keys`,
      "Unexpected keys",
    );
  }
}
