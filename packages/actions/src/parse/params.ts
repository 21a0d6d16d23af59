import type { AnyActionDefinition } from "../define/define-action.ts";
import { isJsonObject, type JsonValue } from "../schema/json.ts";
import { prepareInput } from "./prepare-input.ts";
import { describeValue, type Path, type Problem, problem, problemsFromZod } from "./problems.ts";

/** Where params sit in the input, for problem paths: `["params"]` or `["actions", 2, "params"]`. */
export interface ParamsLocation {
  readonly base: Path;
  readonly index: number | null;
}

export type ParamsOutcome =
  | { readonly ok: true; readonly params: unknown }
  | { readonly ok: false; readonly problems: Problem[] };

/**
 * Validates sanitized params against an action's definition: null → absent for optional keys,
 * unknown keys reported, then zod. Returns zod's output (trimmed strings, no null for optional
 * keys) or every problem found.
 */
export function parseSanitizedParams(
  definition: AnyActionDefinition,
  value: JsonValue,
  { base, index }: ParamsLocation,
): ParamsOutcome {
  if (!isJsonObject(value)) {
    return {
      ok: false,
      problems: [problem(index, base, "an object", describeValue(value), "Wrong type")],
    };
  }
  const problems: Problem[] = [];
  const prepared = prepareInput(
    definition.params,
    value,
    base,
    (path, expected, received, message) => {
      problems.push(problem(index, path, expected, received, message));
    },
  );
  const result = definition.params.safeParse(prepared);
  if (!result.success)
    problems.push(...problemsFromZod(result.error.issues, prepared, base, index));
  if (result.success && problems.length === 0) return { ok: true, params: result.data };
  return { ok: false, problems };
}
