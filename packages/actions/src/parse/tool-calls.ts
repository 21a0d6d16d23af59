import { isRecord } from "../schema/json.ts";
import { extractJson } from "./extract-json.ts";
import {
  acceptedCalls,
  checkCall,
  finish,
  type ItemOutcome,
  MAX_TYPE_ECHO,
  type ParsedModelResponse,
  type RejectedAction,
  type ResponseRules,
  readList,
  readMessageText,
  reporter,
} from "./model-response.ts";
import { describeValue, type Path, type Problem, problem, truncate } from "./problems.ts";
import { INVALID, type InputBudget, newInputBudget, sanitize } from "./sanitize.ts";

/**
 * A model turn in tool-calling mode: its text and its tool calls, as the OpenAI SDK returns them
 * (`{ function: { name, arguments } }` for chat completions, or `{ name, arguments }` for the
 * Responses API). Both fields are untrusted.
 */
export interface ToolCallTurn {
  readonly content: unknown;
  readonly toolCalls: unknown;
}

/**
 * Tool calls → the same result as a JSON response: valid calls in order, rejected ones with
 * precise problems (paths like `tool_calls[1].arguments.name`). Never throws.
 */
export function parseToolCallTurn<Call>(
  turn: ToolCallTurn,
  rules: ResponseRules<Call>,
): ParsedModelResponse<Call> {
  try {
    const problems: Problem[] = [];
    const report = reporter(null, problems);
    const budget = newInputBudget();
    const message = readContent(turn.content, budget, report);
    const container = { tool_calls: turn.toolCalls ?? [] };
    const accepted = acceptedCalls<Call>();
    const rejected: RejectedAction[] = [];
    const calls = readList(container, "tool_calls", report);
    for (let index = 0; index < calls.length; index += 1) {
      const outcome = parseToolCall(calls[index], index, rules, budget);
      problems.push(...outcome.problems);
      if (!accepted.add(outcome)) {
        rejected.push({ index, type: outcome.type, problems: outcome.problems });
      }
    }
    return finish(message, accepted, rejected, problems);
  } catch (error) {
    const reason = error instanceof Error ? truncate(error.message, 200) : "unknown error";
    return finish(
      null,
      null,
      [],
      [
        problem(
          null,
          [],
          "readable tool calls",
          "input that could not be read",
          `Could not read the tool calls: ${reason}`,
        ),
      ],
    );
  }
}

/** Tool-mode text is optional (a turn may be tool calls only). */
function readContent(
  content: unknown,
  budget: InputBudget,
  report: ReturnType<typeof reporter>,
): string | null {
  if (content === null || content === undefined) return null;
  return readMessageText(content, ["content"], budget, report);
}

/** One tool call: `{ function: { name, arguments } }` or `{ name, arguments }`. */
export function parseToolCall<Call>(
  call: unknown,
  index: number,
  rules: ResponseRules<Call>,
  budget: InputBudget = newInputBudget(),
): ItemOutcome<Call> {
  const problems: Problem[] = [];
  const report = reporter(index, problems);
  const at: Path = ["tool_calls", index];
  const inner = isRecord(call) && isRecord(call.function) ? call.function : call;
  const innerPath: Path = inner === call ? at : [...at, "function"];
  if (!isRecord(inner)) {
    report(at, "a tool call with a name and arguments", describeValue(call), "Wrong type");
    return { call: undefined, type: null, problems };
  }
  const name = sanitize(inner.name, [...innerPath, "name"], budget, report);
  const type = typeof name === "string" ? truncate(name, MAX_TYPE_ECHO) : null;
  const argumentsPath: Path = [...innerPath, "arguments"];
  const rawArguments = inner.arguments;
  if (typeof rawArguments !== "string") {
    report(argumentsPath, "a JSON string", describeValue(rawArguments), "Wrong type");
    return { call: undefined, type, problems };
  }
  const extracted = extractJson(rawArguments);
  if (!extracted.ok) {
    report(argumentsPath, extracted.expected, extracted.received, extracted.message);
    return { call: undefined, type, problems };
  }
  const params = sanitize(extracted.value, argumentsPath, budget, report);
  if (name === INVALID || params === INVALID) return { call: undefined, type, problems };
  const outcome = checkCall(
    name,
    params,
    { type: [...innerPath, "name"], params: argumentsPath },
    index,
    rules,
  );
  return { ...outcome, problems: [...problems, ...outcome.problems] };
}
