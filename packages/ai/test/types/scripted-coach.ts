/**
 * The scripted coach's actions are typed by the catalog, proved at compile time (`tsc -p .`):
 * each `@ts-expect-error` fails the type check if the line below it stops being an error. So a
 * required param added to an action breaks the script when it is type-checked, not when it runs.
 */
import type { CoachActionType } from "@trellis/actions";
import { expectTypeOf } from "vitest";
import { act } from "../../src/model/scripted-coach-model.ts";

// As the script writes them: required params, optional ones null (strict wire form) or left out.
export const valid = [
  act("create_identity", { name: "Runner", category: "physical_expression", note: null }),
  act("create_identity", { name: "Runner", category: "physical_expression" }),
  act("transition_phase", { toPhase: "identity_refinement" }),
  act("update_identity", { identityId: "i1", name: null, visualization: "At dawn." }),
];

// @ts-expect-error a required param (name) is missing
export const missingRequired = act("create_identity", { category: "physical_expression" });

// @ts-expect-error a required param cannot be null
export const nullRequired = act("create_identity", { name: null, category: "spiritual" });

// @ts-expect-error category is one of the catalog's categories
export const wrongEnum = act("create_identity", { name: "Runner", category: "sports" });

// @ts-expect-error replies is a list of strings
export const wrongType = act("show_canned_replies", { replies: "I'm ready" });

// @ts-expect-error no such param (object literals are checked for excess keys)
export const unknownParam = act("transition_phase", { toPhase: "anything_missing", force: true });

// @ts-expect-error no such phase
export const unknownPhase = act("transition_phase", { toPhase: "the_end" });

// @ts-expect-error no such action
export const unknownAction = act("celebrate_milestone", {});

// @ts-expect-error add_user_note is the note taker's (invoker "system"), never the coach's
export const notTheCoach = act("add_user_note", { note: "Likes tea" });

// The script's first argument is exactly the coach's actions; it returns the wire form the model sends.
expectTypeOf(act).parameter(0).toEqualTypeOf<CoachActionType>();
expectTypeOf(act).returns.toEqualTypeOf<{ type: CoachActionType; params: object }>();
