import { z } from "zod";
import { checkStrictSchema } from "../schema/check-strict.ts";
import { toStrictJsonSchema } from "../schema/strict.ts";
import { zodToJsonSchema } from "../schema/to-json-schema.ts";

/**
 * Why an action's params cannot be offered to the model, one `param <path>: <rule>` line each:
 * zod types JSON Schema cannot represent (z.date, recursion), constructs strict mode has no form
 * for (records, tuples), refinements without a message, strict-mode limits. When the
 * conversion fails, each param is converted alone, so a problem names the param even when the
 * converter does not.
 */
export function paramsSchemaProblems(params: z.ZodObject): string[] {
  const whole = conversionProblem(params);
  if (whole === undefined) {
    const strict = toStrictJsonSchema(zodToJsonSchema(params, "input"));
    return checkStrictSchema(strict).map(
      (problem) => `param ${readablePath(problem.path) || "(root)"}: ${problem.message}`,
    );
  }
  // Only on failure (conversion is the costly part): find the params it comes from.
  const problems: string[] = [];
  for (const [key, field] of Object.entries(params.shape)) {
    const problem = conversionProblem(z.object({ [key]: field }));
    if (problem !== undefined) problems.push(`param ${describe(problem, key)}`);
  }
  return problems.length > 0 ? problems : [`params: ${whole}`];
}

function conversionProblem(schema: z.ZodObject): string | undefined {
  try {
    toStrictJsonSchema(zodToJsonSchema(schema, "input"));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `#/properties/tags/items: "x" …` → `tags[]: "x" …`; a message without a path gets `key`. */
function describe(message: string, key: string): string {
  const match = /^(#[^\s:]*):\s*(.*)$/s.exec(message);
  if (match === null) return `${key}: ${message}`;
  return `${readablePath(match[1] ?? "") || key}: ${match[2] ?? ""}`;
}

/** A JSON pointer into a params schema as a param path: `tags[].name`. */
function readablePath(pointer: string): string {
  return pointer
    .replace(/^#/, "")
    .replace(/\/properties\/([^/]+)/g, ".$1")
    .replace(/\/items/g, "[]")
    .replace(/\/anyOf\/\d+/g, "")
    .replace(/^\./, "");
}
