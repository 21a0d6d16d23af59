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

/** What a person reads for each phase (the app's progress panel, the timeline). */
export const phaseTitles: Readonly<Record<Phase, string>> = Object.freeze({
  introduction: "Introduction",
  get_to_know_you: "Getting to know you",
  identity_warm_up: "Warming up",
  identity_brainstorming: "Brainstorming identities",
  brainstorming_review: "Reviewing your identities",
  identity_refinement: "Refining your identities",
  anything_missing: "Anything missing?",
  identity_commitment: "Choosing your identities",
  i_am_statement: 'Your "I am" statements',
  identity_visualization: "Picturing your identities",
});

/** New users start here. */
export const initialPhase: Phase = Phase.INTRODUCTION;

export const phaseSchema = z.enum(Phase);
