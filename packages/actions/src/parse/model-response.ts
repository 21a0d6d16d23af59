import { limits } from "../limits.ts";
import { isJsonObject, type JsonValue } from "../schema/json.ts";
import { extractJson } from "./extract-json.ts";
import type { ParamsLocation } from "./params.ts";
import {
  describeValue,
  type Path,
  type Problem,
  problem,
  reportUnexpectedKeys,
  truncate,
} from "./problems.ts";
import { INVALID, type InputBudget, newInputBudget, sanitize } from "./sanitize.ts";

export interface RejectedAction {
  /** Position in the response's `actions`. */
  readonly index: number;
  /** The type it claimed, if it gave a string (truncated). */
  readonly type: string | null;
  readonly problems: readonly Problem[];
}

export interface ParsedModelResponse<Call> {
  /** The coach's message, or null when missing or invalid. */
  readonly message: string | null;
  /** The valid actions, in order. */
  readonly actions: Call[];
  /**
   * The same actions as the model sent them (sanitized, validated, not transformed): what a
   * plan stores and the engine is handed, so that the engine's parse is the only one and a
   * `.transform()` or default applies once.
   */
  readonly planned: PlannedCall[];
  readonly rejected: RejectedAction[];
  /** Every problem (response-level and per action), for feedback to the model. */
  readonly problems: Problem[];
  /** True when nothing at all was wrong. */
  readonly ok: boolean;
}

/** A valid call in its input form. */
interface PlannedCall {
  readonly type: string;
  readonly params: JsonValue;
}

export type CallOutcome<Call> =
  | { readonly ok: true; readonly call: Call }
  | { readonly ok: false; readonly problems: Problem[] };

/** What the response parser needs to know about the phase and the catalog. */
export interface ResponseRules<Call> {
  readonly phase: string;
  /** Action types the coach may use in this phase, in order. */
  readonly allowedTypes: readonly string[];
  isKnownType(type: string): boolean;
  isCoachType(type: string): boolean;
  parseCall(type: string, params: JsonValue, location: ParamsLocation): CallOutcome<Call>;
}

/** Longest action type echoed back in `rejected`. */
const MAX_TYPE_ECHO = 100;

/**
 * Parses whatever the model produced (text or an already-parsed value) into the valid actions
 * plus precise problems. Never throws: a failure anywhere becomes a problem, and one bad action
 * never invalidates the others.
 */
export function parseResponse<Call>(
  raw: unknown,
  rules: ResponseRules<Call>,
): ParsedModelResponse<Call> {
  try {
    return parseUnsafe(raw, rules);
  } catch (error) {
    // Only reachable with hostile non-JSON input (throwing getters, proxies) or a bug.
    const reason = error instanceof Error ? truncate(error.message, 200) : "unknown error";
    return finish(
      null,
      null,
      [],
      [
        problem(
          null,
          [],
          "a readable response",
          "input that could not be read",
          `Could not read the response: ${reason}`,
        ),
      ],
    );
  }
}

function parseUnsafe<Call>(raw: unknown, rules: ResponseRules<Call>): ParsedModelResponse<Call> {
  const problems: Problem[] = [];
  const value = toValue(raw, problems);
  if (value === INVALID) return finish(null, null, [], problems);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(
      problem(
        null,
        [],
        'a JSON object with keys "message" and "actions"',
        describeValue(value),
        "Wrong type",
      ),
    );
    return finish(null, null, [], problems);
  }
  const budget = newInputBudget();
  const reportTop = (path: Path, expected: string, received: string, message: string) => {
    problems.push(problem(null, path, expected, received, message));
  };
  reportUnexpectedKeys(
    Object.keys(value).filter((key) => key !== "message" && key !== "actions"),
    [],
    'only the keys "message" and "actions"',
    reportTop,
  );
  const message = readMessage(value, budget, reportTop);
  const accepted = acceptedCalls<Call>();
  const rejected: RejectedAction[] = [];
  const items = readList(value, "actions", reportTop);
  // A plain loop, not forEach: holes in a sparse array are items too (and get reported).
  for (let index = 0; index < items.length; index += 1) {
    const outcome = parseItem(items[index], index, rules, budget);
    problems.push(...outcome.problems);
    if (!accepted.add(outcome)) {
      rejected.push({ index, type: outcome.type, problems: outcome.problems });
    }
  }
  return finish(message, accepted, rejected, problems);
}

/** Text is searched for its JSON object; anything else is taken as an already-parsed value. */
function toValue(raw: unknown, problems: Problem[]): unknown {
  if (typeof raw !== "string") {
    if (typeof raw === "object" && raw !== null) return raw;
    problems.push(problem(null, [], "a JSON object or its text", describeValue(raw), "Wrong type"));
    return INVALID;
  }
  const extracted = extractJson(raw);
  if (extracted.ok && typeof extracted.value === "string") {
    // A JSON string holding the JSON (double-encoded output): unwrap once if that works.
    const inner = extractJson(extracted.value);
    return inner.ok ? inner.value : extracted.value;
  }
  if (extracted.ok) return extracted.value;
  problems.push(problem(null, [], extracted.expected, extracted.received, extracted.message));
  return INVALID;
}

function readMessage(
  response: object,
  budget: InputBudget,
  report: (path: Path, expected: string, received: string, message: string) => void,
): string | null {
  if (!Object.hasOwn(response, "message")) {
    report(["message"], "a string", describeValue(undefined), "Missing required value");
    return null;
  }
  return readMessageText(Reflect.get(response, "message"), ["message"], budget, report);
}

/** The coach's text (the `message` of a response, the `content` of a tool-calling turn). */
function readMessageText(
  raw: unknown,
  path: Path,
  budget: InputBudget,
  report: (path: Path, expected: string, received: string, message: string) => void,
): string | null {
  const value = sanitize(raw, path, budget, report);
  if (value === INVALID) return null;
  if (typeof value !== "string") {
    report(path, "a string", describeValue(value), "Wrong type");
    return null;
  }
  if (value.length > limits.message) {
    report(
      path,
      `a string of at most ${limits.message} characters`,
      describeValue(value),
      "Too big",
    );
    return null;
  }
  return value;
}

/** The items to look at: at most `limits.actionsPerResponse`, whatever the array's length. */
function readList(
  container: object,
  key: string,
  report: (path: Path, expected: string, received: string, message: string) => void,
): unknown[] {
  const expected = "an array (use [] for no actions)";
  if (!Object.hasOwn(container, key)) {
    report([key], expected, describeValue(undefined), "Missing required value");
    return [];
  }
  const list: unknown = Reflect.get(container, key);
  if (!Array.isArray(list)) {
    report([key], expected, describeValue(list), "Wrong type");
    return [];
  }
  const max = limits.actionsPerResponse;
  if (list.length > max) {
    report(
      [key],
      `at most ${max} actions`,
      describeValue(list),
      `Too many actions; only the first ${max} were read`,
    );
  }
  return list.slice(0, max);
}

interface ItemOutcome<Call> {
  readonly call: Call | undefined;
  /** The call's params as given, when it is valid. */
  readonly input?: PlannedCall;
  readonly type: string | null;
  readonly problems: Problem[];
}

function parseItem<Call>(
  item: unknown,
  index: number,
  rules: ResponseRules<Call>,
  budget: InputBudget,
): ItemOutcome<Call> {
  const problems: Problem[] = [];
  const at: Path = ["actions", index];
  const report = reporter(index, problems);
  const claimedType = typeOf(item);
  const value = sanitize(item, at, budget, report);
  if (value === INVALID) {
    if (problems.length === 0)
      report(at, "a smaller response", "more input", "Not read: the response is too large");
    return { call: undefined, type: claimedType, problems };
  }
  if (!isJsonObject(value)) {
    report(at, 'an object with keys "type" and "params"', describeValue(value), "Wrong type");
    return { call: undefined, type: null, problems };
  }
  reportUnexpectedKeys(
    Object.keys(value).filter((key) => key !== "type" && key !== "params"),
    at,
    'only the keys "type" and "params"',
    report,
  );
  const type = Object.hasOwn(value, "type") ? value.type : undefined;
  const params = Object.hasOwn(value, "params") ? value.params : undefined;
  const outcome = checkCall(
    type,
    params,
    { type: [...at, "type"], params: [...at, "params"] },
    index,
    rules,
  );
  return { ...outcome, problems: [...problems, ...outcome.problems] };
}

function reporter(index: number | null, problems: Problem[]) {
  return (path: Path, expected: string, received: string, message: string) => {
    problems.push(problem(index, path, expected, received, message));
  };
}

/**
 * The checks shared by JSON responses and tool calls: the type is known, coach-invokable and
 * allowed in the phase; the (sanitized) params are valid for it.
 */
function checkCall<Call>(
  type: JsonValue | undefined,
  params: JsonValue | undefined,
  paths: { readonly type: Path; readonly params: Path },
  index: number,
  rules: ResponseRules<Call>,
): ItemOutcome<Call> {
  const problems: Problem[] = [];
  const report = reporter(index, problems);
  if (typeof type !== "string") {
    report(
      paths.type,
      "an action type (a string)",
      describeValue(type),
      type === undefined ? "Missing required value" : "Wrong type",
    );
    return { call: undefined, type: null, problems };
  }
  const refusal = checkType(type, rules);
  if (refusal !== undefined) {
    report(
      paths.type,
      `one of ${rules.allowedTypes.map((name) => JSON.stringify(name)).join(", ")}`,
      describeValue(type),
      refusal,
    );
    return { call: undefined, type: truncate(type, MAX_TYPE_ECHO), problems };
  }
  if (params === undefined) {
    report(paths.params, "an object", describeValue(undefined), "Missing required value");
    return { call: undefined, type, problems };
  }
  const outcome = rules.parseCall(type, params, { base: paths.params, index });
  if (!outcome.ok) return { call: undefined, type, problems: outcome.problems };
  return { call: outcome.call, input: { type, params }, type, problems };
}

/** Why this type cannot be used here, or undefined when it can. */
function checkType<Call>(type: string, rules: ResponseRules<Call>): string | undefined {
  if (!rules.isKnownType(type)) return "Unknown action type";
  if (!rules.isCoachType(type))
    return `Action ${JSON.stringify(type)} is not available to the coach`;
  if (!rules.allowedTypes.includes(type)) {
    return `Action ${JSON.stringify(type)} is not allowed in phase ${JSON.stringify(rules.phase)}`;
  }
  return undefined;
}

/** The claimed type of a raw item, for `rejected`, read without trusting the item. */
function typeOf(item: unknown): string | null {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
  if (!Object.hasOwn(item, "type")) return null;
  const type: unknown = Reflect.get(item, "type");
  return typeof type === "string" ? truncate(type, MAX_TYPE_ECHO) : null;
}

/** The valid calls of a reply, parsed and as given, kept in step. */
function acceptedCalls<Call>() {
  const actions: Call[] = [];
  const planned: PlannedCall[] = [];
  return {
    actions,
    planned,
    /** Keeps the item when it is valid; false when it is to be rejected. */
    add(outcome: ItemOutcome<Call>): boolean {
      if (outcome.call === undefined || outcome.input === undefined) return false;
      if (outcome.problems.length > 0) return false;
      actions.push(outcome.call);
      planned.push(outcome.input);
      return true;
    },
  };
}

function finish<Call>(
  message: string | null,
  accepted: { readonly actions: Call[]; readonly planned: PlannedCall[] } | null,
  rejected: RejectedAction[],
  problems: Problem[],
): ParsedModelResponse<Call> {
  return {
    message,
    actions: accepted?.actions ?? [],
    planned: accepted?.planned ?? [],
    rejected,
    problems,
    ok: problems.length === 0,
  };
}
