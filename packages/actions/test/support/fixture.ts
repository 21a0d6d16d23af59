import { z } from "zod";
import {
  catalog,
  createActionKit,
  defineAction,
  defineCatalog,
  type PhaseRules,
  phaseActionsOf,
  phaseTransitions,
  ref,
} from "./exports.ts";

/**
 * The add-an-action loop: the real catalog plus one temporary action, allowed in one phase.
 * Everything derived from `fixtureKit` must pick it up without any other change.
 */
const celebrateMilestone = defineAction({
  type: "celebrate_milestone",
  title: "Celebrate milestone",
  icon: "party-popper",
  description:
    "Celebrate a milestone the user reached with one of their identities (fixture action).",
  params: z.object({
    identityId: ref.identity("The identity the milestone belongs to."),
    milestone: z.string().trim().min(1).max(120).describe("What the user achieved."),
    confetti: z.boolean().optional().describe("Whether the client should show confetti."),
  }),
  result: z.object({ celebrated: z.boolean() }),
  invokers: ["coach", "user"],
  confirmation: false,
  phases: ["identity_visualization"],
});

const fixtureCatalog = defineCatalog({
  ...catalog,
  celebrate_milestone: celebrateMilestone,
});
export type FixtureCatalog = typeof fixtureCatalog;

const fixtureRules: PhaseRules<FixtureCatalog> = {
  phaseActions: phaseActionsOf(fixtureCatalog),
  phaseTransitions,
};

export const fixtureKit = createActionKit(fixtureCatalog, fixtureRules);
