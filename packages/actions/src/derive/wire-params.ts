import { z } from "zod";
import type { AnyActionDefinition } from "../define/define-action.ts";
import { prepareInput } from "../parse/prepare-input.ts";
import { formatPath } from "../parse/problems.ts";
import { INVALID, newInputBudget, sanitize } from "../parse/sanitize.ts";

/**
 * The params schema as the model sends it (strict form: optional keys present as null, unknown
 * keys rejected), producing what handlers see. Same steps as `parseActionParams`, as a zod schema
 * for callers who want one.
 */
export function wireParamsSchema(definition: AnyActionDefinition) {
  return z.preprocess((value, ctx) => {
    const addIssue = (
      path: readonly (string | number)[],
      expected: string,
      received: string,
      message: string,
    ) => {
      ctx.addIssue({
        code: "custom",
        path: [...path],
        message: `${formatPath(path) || "params"}: ${message}. Expected ${expected}; received ${received}.`,
        input: value,
      });
    };
    const sanitized = sanitize(value, [], newInputBudget(), addIssue);
    if (sanitized === INVALID) return value;
    return prepareInput(definition.params, sanitized, [], addIssue);
  }, definition.params);
}
