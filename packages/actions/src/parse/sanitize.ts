import { limits } from "../limits.ts";
import type { JsonValue } from "../schema/json.ts";
import { isPostgresSafeText, UNSAFE_TEXT_MESSAGE } from "../schema/safe-text.ts";
import { describeValue, type Path, type ReportProblem } from "./problems.ts";

/** Work allowed on one untrusted input; shared by every part of it so the total is bounded. */
export interface InputBudget {
  nodes: number;
  characters: number;
  exhausted: boolean;
}

export function newInputBudget(): InputBudget {
  return { nodes: limits.inputNodes, characters: limits.rawResponseBytes, exhausted: false };
}

/** Marks a value that could not be turned into JSON (its problem has been reported). */
export const INVALID: unique symbol = Symbol("invalid input");

/**
 * Copies untrusted input into plain JSON, the only thing the rest of the parser looks at:
 * - depth and total size are bounded (deeply nested junk, huge arrays, giant strings);
 * - only plain objects and arrays are walked; anything else (functions, class instances,
 *   non-finite numbers, undefined) is reported;
 * - objects are rebuilt with a null prototype, so a `__proto__` key stays an ordinary key
 *   (reported later as unexpected) and can never reach a prototype;
 * - text (strings and keys) that PostgreSQL cannot store (NUL, unpaired surrogates) is
 *   reported where it is, so it is a field error and never a failed write.
 * Returns INVALID (after reporting why) when the value or something inside it is unusable.
 */
export function sanitize(
  value: unknown,
  path: Path,
  budget: InputBudget,
  report: ReportProblem,
  depth = 0,
): JsonValue | typeof INVALID {
  if (budget.exhausted) return INVALID;
  budget.nodes -= 1;
  if (budget.nodes < 0)
    return exhaust(budget, path, report, `at most ${limits.inputNodes} JSON values`);
  if (depth > limits.inputDepth) {
    report(
      path,
      `at most ${limits.inputDepth} levels of nesting`,
      "deeper nesting",
      "Nested too deeply",
    );
    return INVALID;
  }
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "string") {
    budget.characters -= value.length;
    if (budget.characters < 0) {
      return exhaust(budget, path, report, `at most ${limits.rawResponseBytes} characters of text`);
    }
    if (!isPostgresSafeText(value)) {
      report(path, "text PostgreSQL can store", describeUnsafe(value), UNSAFE_TEXT_MESSAGE);
      return INVALID;
    }
    return value;
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    report(path, "a finite number", String(value), "Not a JSON number");
    return INVALID;
  }
  if (Array.isArray(value)) return sanitizeArray(value, path, budget, report, depth);
  if (typeof value === "object" && isPlainObject(value)) {
    return sanitizeObject(value, path, budget, report, depth);
  }
  report(path, "a JSON value", describeForeign(value), "Not JSON");
  return INVALID;
}

function sanitizeArray(
  value: readonly unknown[],
  path: Path,
  budget: InputBudget,
  report: ReportProblem,
  depth: number,
): JsonValue | typeof INVALID {
  const items: JsonValue[] = [];
  let valid = true;
  for (let index = 0; index < value.length && !budget.exhausted; index += 1) {
    const item = sanitize(value[index], [...path, index], budget, report, depth + 1);
    if (item === INVALID) valid = false;
    else items.push(item);
  }
  return valid && !budget.exhausted ? items : INVALID;
}

function sanitizeObject(
  value: object,
  path: Path,
  budget: InputBudget,
  report: ReportProblem,
  depth: number,
): JsonValue | typeof INVALID {
  // Null prototype: assigning a "__proto__" key creates an own property instead of a prototype.
  const copy: Record<string, JsonValue> = Object.create(null);
  let valid = true;
  for (const key of Object.keys(value)) {
    if (budget.exhausted) break;
    budget.characters -= key.length;
    if (!isPostgresSafeText(key)) {
      report(
        [...path, key],
        "a key PostgreSQL can store",
        describeUnsafe(key),
        UNSAFE_TEXT_MESSAGE,
      );
      valid = false;
      continue;
    }
    const item = sanitize(Reflect.get(value, key), [...path, key], budget, report, depth + 1);
    if (item === INVALID) valid = false;
    else copy[key] = item;
  }
  return valid && !budget.exhausted ? copy : INVALID;
}

function exhaust(
  budget: InputBudget,
  path: Path,
  report: ReportProblem,
  expected: string,
): typeof INVALID {
  budget.exhausted = true;
  report(path, expected, "more", "Input too large; the rest was not read");
  return INVALID;
}

/** Says what is wrong without echoing the unsafe characters themselves. */
function describeUnsafe(text: string): string {
  return `a string of ${text.length} characters with NUL or unpaired surrogates`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeForeign(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === "string" && name !== "" ? `a ${name.slice(0, 40)} object` : "an object";
  }
  return describeValue(value);
}
