import { z } from "zod";
import { defineAction } from "./define-action.ts";
import { fields } from "./fields.ts";

/** What differs between the actions that replace one of the user's lists: their wording. */
interface ListReplacement<Type extends string> {
  readonly type: Type;
  readonly title: string;
  readonly icon: string;
  readonly description: string;
}

/**
 * The warm-up lists (who the user is, who they want to be) are replaced the same way: the coach
 * sends the whole list and it replaces the stored one. Each still has its own definition file.
 */
export function defineListReplacement<const Type extends string>(list: ListReplacement<Type>) {
  return defineAction({
    ...list,
    params: z.object({
      items: fields.listItems("The complete list, short phrases in the user's words."),
    }),
    result: z.object({
      items: z.array(z.string()).describe("The list as stored."),
    }),
    invokers: ["coach", "user"],
    confirmation: false,
    effect: { destructive: true, idempotent: true },
    phases: ["identity_warm_up"],
  });
}
