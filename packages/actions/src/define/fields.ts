import { z } from "zod";
import { identityCategorySchema, identityStateSchema } from "../domain/identity.ts";
import { limits } from "../limits.ts";

/**
 * Parameter and result building blocks shared by several actions, so the same thing has the same
 * limit and wording everywhere. Each call returns a fresh schema (descriptions differ per use).
 */

/** Trimmed, non-empty, bounded text. */
export function text(max: number, description: string) {
  return z.string().trim().min(1).max(max).describe(description);
}

export const fields = Object.freeze({
  identityName: (description = 'The identity\'s name: one or two words, e.g. "Runner".') =>
    text(limits.name, description),
  note: (description: string) => text(limits.note, description),
  statement: (description: string) => text(limits.statement, description),
  category: (description = "An identity category.") => identityCategorySchema.describe(description),
  listItems: (description: string) =>
    z.array(text(limits.listItem, "One entry.")).max(limits.listItems).describe(description),
});

/** Result fields. Results are produced by our own handlers, so they carry no input limits. */
export const resultFields = Object.freeze({
  id: (description: string) => z.string().describe(description),
  state: () => identityStateSchema.describe("The identity's state after the action."),
  nextCurrentIdentityId: () =>
    z
      .string()
      .nullable()
      .describe("The identity that is now current (the next one pending this step), or null."),
});
