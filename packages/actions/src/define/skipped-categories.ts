import { z } from "zod";
import { identityCategorySchema } from "../domain/identity.ts";
import { defineAction } from "./define-action.ts";
import { fields } from "./fields.ts";

/** What differs between skipping a category and reopening it: the wording. */
interface SkippedCategoriesChange<Type extends string> {
  readonly type: Type;
  readonly title: string;
  readonly icon: string;
  readonly description: string;
  /** Describes the `category` parameter. */
  readonly category: string;
}

/**
 * Skipping a brainstorming category and reopening it change the same list the same way: one
 * category in, the category and every skipped one out. Each still has its own definition file.
 */
export function defineSkippedCategoriesChange<const Type extends string>(
  change: SkippedCategoriesChange<Type>,
) {
  return defineAction({
    type: change.type,
    title: change.title,
    icon: change.icon,
    description: change.description,
    params: z.object({
      category: fields.category(change.category),
    }),
    result: z.object({
      category: identityCategorySchema,
      skippedCategories: z.array(identityCategorySchema).describe("All skipped categories now."),
    }),
    invokers: ["coach", "user"],
    confirmation: false,
    effect: { destructive: false, idempotent: true },
    phases: ["identity_brainstorming"],
  });
}
