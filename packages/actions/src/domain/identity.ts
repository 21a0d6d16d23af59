import { z } from "zod";
import { constants } from "./constants.ts";

/** Identity states: the lifecycle steps in order, then `archived`, which can follow any step. */
export const IdentityState = constants({
  PROPOSED: "proposed",
  ACCEPTED: "accepted",
  REFINEMENT_COMPLETE: "refinement_complete",
  COMMITMENT_COMPLETE: "commitment_complete",
  I_AM_COMPLETE: "i_am_complete",
  VISUALIZATION_COMPLETE: "visualization_complete",
  ARCHIVED: "archived",
});
export type IdentityState = (typeof IdentityState)[keyof typeof IdentityState];

export const identityStates: readonly IdentityState[] = Object.freeze(Object.values(IdentityState));

/** The lifecycle, in order; `archived` is not a step of it. */
export const identityLifecycle: readonly Exclude<IdentityState, "archived">[] = Object.freeze([
  IdentityState.PROPOSED,
  IdentityState.ACCEPTED,
  IdentityState.REFINEMENT_COMPLETE,
  IdentityState.COMMITMENT_COMPLETE,
  IdentityState.I_AM_COMPLETE,
  IdentityState.VISUALIZATION_COMPLETE,
]);

export const identityStateSchema = z.enum(IdentityState);

/** Identity categories, in the order the coach brainstorms them (one identity per category). */
export const IdentityCategory = constants({
  PASSIONS_AND_TALENTS: "passions_and_talents",
  MAKER_OF_MONEY: "maker_of_money",
  KEEPER_OF_MONEY: "keeper_of_money",
  SPIRITUAL: "spiritual",
  PERSONAL_APPEARANCE: "personal_appearance",
  PHYSICAL_EXPRESSION: "physical_expression",
  FAMILIAL_RELATIONS: "familial_relations",
  ROMANTIC_RELATION: "romantic_relation",
  DOER_OF_THINGS: "doer_of_things",
});
export type IdentityCategory = (typeof IdentityCategory)[keyof typeof IdentityCategory];

export const identityCategories: readonly IdentityCategory[] = Object.freeze(
  Object.values(IdentityCategory),
);

export const identityCategorySchema = z.enum(IdentityCategory);
