/**
 * The handler contract and the derived types, proved at compile time (`tsc -p .`): each
 * `@ts-expect-error` fails the type check if the line below it stops being an error.
 * test/type-errors.test.ts additionally proves the error messages name the action.
 */

import { expectTypeOf } from "vitest";
import type {
  ActionHandlers,
  ActionParams,
  ActionParamsInput,
  ActionResult,
  ActionType,
  Catalog,
  CoachActionType,
} from "../../src/index.ts";
import { ActionType as ActionTypes } from "../../src/index.ts";
import {
  type AnyActionCall,
  type HandlersOf,
  type PhaseActionsOf,
  phaseActions,
} from "../../src/kit/index.ts";
import type { FixtureCatalog } from "../support/fixture.ts";
import { type Ctx, complete } from "./handlers.ts";

// A complete, correctly typed set of handlers satisfies the contract.
export const server: ActionHandlers<Ctx> = complete;

// Missing handler.
const { combine_identities: _combine, ...withoutCombine } = complete;
// @ts-expect-error combine_identities is missing
export const missing: ActionHandlers<Ctx> = withoutCombine;

// Wrong param type.
export const wrongParams = {
  ...complete,
  // @ts-expect-error params.name is a string, not a number
  create_identity: async (_ctx: Ctx, params: { name: number }) => ({
    result: { identityId: String(params.name), created: true },
    summary: "",
  }),
} satisfies ActionHandlers<Ctx>;

// Wrong result type.
export const wrongResult = {
  ...complete,
  // @ts-expect-error identityId must be a string
  create_identity: async () => ({ result: { identityId: 1, created: true }, summary: "" }),
} satisfies ActionHandlers<Ctx>;

// Missing summary.
export const noSummary = {
  ...complete,
  // @ts-expect-error a handler returns { result, summary }
  set_current_identity: async () => ({ result: { identityId: "a" } }),
} satisfies ActionHandlers<Ctx>;

// Not async.
export const notAsync = {
  ...complete,
  // @ts-expect-error handlers return promises
  set_current_identity: () => ({ result: { identityId: "a" }, summary: "" }),
} satisfies ActionHandlers<Ctx>;

// A handler for an action that does not exist.
export const extra = {
  ...complete,
  // @ts-expect-error no such action
  launch_rocket: async () => ({ result: {}, summary: "" }),
} satisfies ActionHandlers<Ctx>;

// The fixture catalog (real catalog + celebrate_milestone) requires its handler too.
// @ts-expect-error celebrate_milestone is missing
export const fixtureServer: HandlersOf<FixtureCatalog, Ctx> = complete;

// Params: parsed (output) and input types; optional fields written naturally.
export const createParams: ActionParams<"create_identity"> = {
  name: "Runner",
  category: "spiritual",
};
export const createInput: ActionParamsInput<"create_identity"> = {
  name: " Runner ",
  category: "spiritual",
  note: "likes mornings",
};
// @ts-expect-error category must be a known category
export const badCategory: ActionParams<"create_identity"> = { name: "Runner", category: "sports" };
export const updateParams: ActionParams<"update_identity"> = { identityId: "id_1" };
// exactOptionalPropertyTypes: absent, not undefined-valued, is what handlers get; both type-check.
export const result: ActionResult<"accept_identity_refinement"> = {
  identityId: "a",
  state: "refinement_complete",
  nextCurrentIdentityId: null,
};

// AnyActionCall narrows on `type`.
export function describeCall(call: AnyActionCall): string {
  switch (call.type) {
    case "create_identity":
      return call.params.name;
    case "combine_identities":
      return `${call.params.identityIdA}/${call.params.identityIdB}`;
    default:
      return call.type;
  }
}

// ActionType: const object and union.
export const created: "create_identity" = ActionTypes.CREATE_IDENTITY;
export const anyType: ActionType = ActionTypes.DELETE_USER_NOTE;
// @ts-expect-error no such constant
export const nope = ActionTypes.LAUNCH_ROCKET;

// Coach action types exclude the note taker's.
export const coachType: CoachActionType = "create_identity";
// @ts-expect-error add_user_note is for the system alone
export const systemType: CoachActionType = "add_user_note";

// Phase rules are checked against the catalog.
export const misspelled: PhaseActionsOf<Catalog> = {
  ...phaseActions,
  // @ts-expect-error misspelled action
  introduction: ["show_canned_replie", "transition_phase"],
};
export const notCoach: PhaseActionsOf<Catalog> = {
  ...phaseActions,
  // @ts-expect-error the coach may not invoke add_user_note
  get_to_know_you: ["add_user_note"],
};
// @ts-expect-error every phase needs an entry
export const incomplete: PhaseActionsOf<Catalog> = { introduction: ["transition_phase"] };

// Exact derived types, beside the errors above: what a handler receives and returns, to the letter.
expectTypeOf(ActionTypes.CREATE_IDENTITY).toEqualTypeOf<"create_identity">();
expectTypeOf<Extract<CoachActionType, "add_user_note">>().toBeNever();
expectTypeOf<ActionParams<"set_current_identity">>().toEqualTypeOf<{ identityId: string }>();
expectTypeOf<ActionParams<"create_identity">["category"]>().toEqualTypeOf<
  ActionParams<"skip_identity_category">["category"]
>();
expectTypeOf<ActionResult<"accept_i_am_statement">>().toEqualTypeOf<
  ActionResult<"accept_identity_visualization">
>();
expectTypeOf<ActionHandlers<Ctx>["create_identity"]>()
  .parameter(1)
  .toEqualTypeOf<ActionParams<"create_identity">>();
expectTypeOf<ActionHandlers<Ctx>["create_identity"]>().returns.resolves.toHaveProperty("summary");
