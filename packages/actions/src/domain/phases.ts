import { z } from "zod";
import { constants } from "./constants.ts";

/** The coaching phases. Declaration order is the order a user walks through them. */
export const Phase = constants({
  INTRODUCTION: "introduction",
  GET_TO_KNOW_YOU: "get_to_know_you",
  IDENTITY_WARM_UP: "identity_warm_up",
  IDENTITY_BRAINSTORMING: "identity_brainstorming",
  BRAINSTORMING_REVIEW: "brainstorming_review",
  IDENTITY_REFINEMENT: "identity_refinement",
  ANYTHING_MISSING: "anything_missing",
  IDENTITY_COMMITMENT: "identity_commitment",
  I_AM_STATEMENT: "i_am_statement",
  IDENTITY_VISUALIZATION: "identity_visualization",
});
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Every phase, in order (string keys keep insertion order). */
export const phases: readonly Phase[] = Object.freeze(Object.values(Phase));

/** New users start here. */
export const initialPhase: Phase = Phase.INTRODUCTION;

export const phaseSchema = z.enum(Phase);
