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
  it.each([
    {
      what: "the phases in docs/domain.md order, starting at introduction",
      values: phases,
      expected: [
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
      ],
      constant: [initialPhase, Phase.INTRODUCTION],
    },
    {
      what: "categories in brainstorming order",
      values: identityCategories,
      expected: [
        "passions_and_talents",
        "maker_of_money",
        "keeper_of_money",
        "spiritual",
        "personal_appearance",
        "physical_expression",
        "familial_relations",
        "romantic_relation",
        "doer_of_things",
      ],
      constant: [IdentityCategory.DOER_OF_THINGS, "doer_of_things"],
    },
    {
      what: "question keys",
      values: questionKeys,
      expected: [
        "background_upbringing",
        "family_structure",
        "work_living",
        "hobbies_interests",
        "why_here_hopes",
      ],
      constant: [QuestionKey.WHY_HERE_HOPES, "why_here_hopes"],
    },
    {
      what: "invokers",
      values: invokers,
      expected: ["coach", "user", "system"],
      constant: [Invoker.SYSTEM, "system"],
    },
  ])("lists $what", ({ values, expected, constant: [actual, value] }) => {
    expect(values).toEqual(expected);
    expect(actual).toBe(value);
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
