import { describe, expect, it } from "vitest";
import {
  IdentityCategory,
  IdentityState,
  Invoker,
  identityCategories,
  identityCategorySchema,
  identityLifecycle,
  identityStateSchema,
  identityStates,
  initialPhase,
  invokerSchema,
  invokers,
  Phase,
  phaseSchema,
  phases,
  QuestionKey,
  questionKeySchema,
  questionKeys,
} from "./support/exports.ts";

describe("domain constants", () => {
  it("lists the phases in docs/domain.md order, starting at introduction", () => {
    expect(phases).toEqual([
      "introduction",
      "get_to_know_you",
      "identity_warm_up",
      "identity_brainstorming",
      "brainstorming_review",
      "identity_refinement",
      "anything_missing",
      "identity_commitment",
      "i_am_statement",
      "identity_visualization",
    ]);
    expect(initialPhase).toBe(Phase.INTRODUCTION);
  });

  it("lists identity states in lifecycle order, archived last and outside the lifecycle", () => {
    expect(identityLifecycle).toEqual([
      "proposed",
      "accepted",
      "refinement_complete",
      "commitment_complete",
      "i_am_complete",
      "visualization_complete",
    ]);
    expect(identityStates).toEqual([...identityLifecycle, "archived"]);
    expect(IdentityState.ARCHIVED).toBe("archived");
  });

  it("lists categories in brainstorming order", () => {
    expect(identityCategories).toEqual([
      "passions_and_talents",
      "maker_of_money",
      "keeper_of_money",
      "spiritual",
      "personal_appearance",
      "physical_expression",
      "familial_relations",
      "romantic_relation",
      "doer_of_things",
    ]);
    expect(IdentityCategory.DOER_OF_THINGS).toBe("doer_of_things");
  });

  it("lists question keys and invokers", () => {
    expect(questionKeys).toEqual([
      "background_upbringing",
      "family_structure",
      "work_living",
      "hobbies_interests",
      "why_here_hopes",
    ]);
    expect(QuestionKey.WHY_HERE_HOPES).toBe("why_here_hopes");
    expect(invokers).toEqual(["coach", "user", "system"]);
    expect(Invoker.SYSTEM).toBe("system");
  });

  it("keys each constant object by the upper-case spelling of its value", () => {
    for (const constants of [Phase, IdentityState, IdentityCategory, QuestionKey, Invoker]) {
      for (const [key, value] of Object.entries(constants)) expect(key).toBe(value.toUpperCase());
      expect(Object.isFrozen(constants)).toBe(true);
    }
  });

  it("has zod schemas accepting exactly the listed values", () => {
    const cases = [
      [phaseSchema, phases],
      [identityStateSchema, identityStates],
      [identityCategorySchema, identityCategories],
      [questionKeySchema, questionKeys],
      [invokerSchema, invokers],
    ] as const;
    for (const [schema, values] of cases) {
      for (const value of values) expect(schema.safeParse(value).success).toBe(true);
      expect(schema.safeParse("nope").success).toBe(false);
      expect(schema.safeParse(null).success).toBe(false);
    }
  });
});
