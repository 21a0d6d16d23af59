import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { phaseSchema, phases } from "../domain/phases.ts";

export const transitionPhase = defineAction({
  type: "transition_phase",
  title: "Transition phase",
  icon: "arrow-right",
  description:
    "Move the coaching session to another phase when the current one is done. Only the " +
    "transitions listed for the current phase are allowed.",
  params: z.object({
    toPhase: phaseSchema.describe("The phase to move to."),
  }),
  result: z.object({
    fromPhase: phaseSchema.describe("The phase the session left."),
    toPhase: phaseSchema.describe("The phase the session is in now."),
    currentIdentityId: z
      .string()
      .nullable()
      .describe("The identity that is current after the transition, or null."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  // Every phase: the coach can always move on.
  phases,
});
