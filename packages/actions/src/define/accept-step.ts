import { z } from "zod";
import type { Phase } from "../domain/phases.ts";
import { defineAction } from "./define-action.ts";
import { resultFields } from "./fields.ts";
import { ref } from "./refs.ts";

/** What differs between the `accept_*` actions: their wording and their phases. */
interface AcceptStep<Type extends string> {
  readonly type: Type;
  readonly title: string;
  readonly icon: string;
  readonly description: string;
  /** Describes the `identityId` parameter: which identity's step is done. */
  readonly identity: string;
  readonly phases: readonly Phase[];
}

/**
 * The `accept_*` actions (refinement, commitment, "I am" statement, visualization) are one rule:
 * mark one identity's step done and move the current identity to the next one still waiting for
 * it (the engine's `acceptStep` handler). Each still has its own definition file.
 */
export function defineAcceptStep<const Type extends string>(step: AcceptStep<Type>) {
  return defineAction({
    type: step.type,
    title: step.title,
    icon: step.icon,
    description: step.description,
    params: z.object({
      identityId: ref.identity(step.identity),
    }),
    result: z.object({
      identityId: resultFields.id("The identity."),
      state: resultFields.state(),
      nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
    }),
    invokers: ["coach", "user"],
    confirmation: false,
    effect: { destructive: false, idempotent: true },
    phases: step.phases,
  });
}
