// The confirmation rule over the whole catalog: a stored field that a confirmed action writes
// is never offered to, nor accepted from, the coach through an unconfirmed action. Checked
// for every action and phase, so an action added later cannot reopen the bypass that
// update_identity's iAmStatement was (the coach set the "I am" statement without the user).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  actionInstructions,
  catalog,
  coachActionsForPhase,
  coachParamsJsonSchema,
  createActionKit,
  defineAction,
  defineCatalog,
  guardedFields,
  isJsonObject,
  type JsonObject,
  type PhaseRules,
  phaseActions,
  phases,
  phaseTransitions,
  ref,
  responseJsonSchema,
  storedFieldParams,
  stores,
  toolDefinitions,
  unconfirmedWrites,
  userOnlyParams,
} from "./support/exports.ts";

const definitions = Object.values(catalog);
const guarded = guardedFields(definitions);

function propertiesOf(schema: JsonObject | undefined): string[] {
  return schema && isJsonObject(schema.properties) ? Object.keys(schema.properties) : [];
}

/** The params each action offers the model in a phase's response schema, by action type. */
function responseParams(phase: (typeof phases)[number]): Map<string, string[]> {
  const { properties } = responseJsonSchema(phase);
  const list = isJsonObject(properties) ? properties.actions : undefined;
  const itemSchema = isJsonObject(list) && isJsonObject(list.items) ? list.items : undefined;
  const branches = itemSchema && Array.isArray(itemSchema.anyOf) ? itemSchema.anyOf : [itemSchema];
  const found = new Map<string, string[]>();
  for (const branch of branches) {
    if (!isJsonObject(branch) || !isJsonObject(branch.properties)) continue;
    const { type, params } = branch.properties;
    if (isJsonObject(type) && typeof type.const === "string" && isJsonObject(params)) {
      found.set(type.const, propertiesOf(params));
    }
  }
  return found;
}

describe("the confirmation rule over the whole catalog", () => {
  it("knows the guarded fields: the statement the user confirms through suggest_i_am_statement", () => {
    expect(Object.fromEntries(guarded)).toEqual({
      "identity.iAmStatement": ["suggest_i_am_statement"],
    });
  });

  it("every param that writes a guarded field belongs to a confirmed action or is user-only", () => {
    for (const definition of definitions) {
      const userOnly = userOnlyParams(definition.type).map(({ param }) => param);
      for (const { param, field } of storedFieldParams(definition.params)) {
        if (!guarded.has(field)) continue;
        if (definition.confirmation) expect(userOnly).not.toContain(param);
        else expect(userOnly, `${definition.type}.${param}`).toContain(param);
      }
    }
    expect(userOnlyParams("update_identity").map(({ param }) => param)).toEqual(["iAmStatement"]);
  });

  it("no phase offers the coach a user-only param: response schema, tools and instructions", () => {
    for (const phase of phases) {
      const offered = responseParams(phase);
      const tools = new Map(
        toolDefinitions(phase).map((tool) => [tool.function.name, tool.function.parameters]),
      );
      expect([...offered.keys()]).toEqual(coachActionsForPhase(phase));
      for (const type of coachActionsForPhase(phase)) {
        const params = offered.get(type) ?? [];
        expect(propertiesOf(tools.get(type)), `${phase}: tool ${type}`).toEqual(params);
        expect(propertiesOf(coachParamsJsonSchema(type)), `${phase}: ${type}`).toEqual(params);
        const definition = catalog[type];
        for (const { param, field } of storedFieldParams(definition.params)) {
          // A guarded field reaches the model only through the confirmed actions guarding it.
          if (params.includes(param) && guarded.has(field)) {
            expect(definition.confirmation, `${phase}: ${type}.${param}`).toBe(true);
          }
        }
      }
      // The instructions show the same schemas (instructions.test compares them block by block).
      expect(actionInstructions(phase)).not.toContain('"iAmStatement"');
    }
  });

  it("a param named after a guarded field declares what it stores, so it cannot slip past", () => {
    const guardedNames = new Set([...guarded.keys()].map((field) => field.split(".")[1]));
    for (const definition of definitions) {
      const declared = new Set(storedFieldParams(definition.params).map(({ param }) => param));
      for (const param of Object.keys(definition.params.shape)) {
        if (guardedNames.has(param))
          expect(declared, `${definition.type}.${param}`).toContain(param);
      }
    }
  });

  it("flags a coach's params that set a user-only field, and only those", () => {
    expect(
      unconfirmedWrites("update_identity", { identityId: "i1", iAmStatement: "I am a runner" }),
    ).toEqual([
      {
        param: "iAmStatement",
        field: "identity.iAmStatement",
        confirmThrough: ["suggest_i_am_statement"],
      },
    ]);
    expect(unconfirmedWrites("update_identity", { identityId: "i1", name: "Runner" })).toEqual([]);
    expect(
      unconfirmedWrites("suggest_i_am_statement", { identityId: "i1", statement: "I am a runner" }),
    ).toEqual([]);
  });
});

describe("the rule applies to actions added later", () => {
  // The real catalog plus two new actions, with nothing declared but what they store:
  // a confirmed one for the visualization, which update_identity also writes; and an
  // unconfirmed one that writes the "I am" statement. Both writes become user-only.
  const proposeVisualization = defineAction({
    type: "propose_visualization",
    title: "Propose visualization",
    icon: "image",
    description: "Propose a visualization; the user confirms it (fixture action).",
    params: z.object({
      identityId: ref.identity(),
      visualization: stores("identity.visualization", z.string().trim().min(1).max(500)),
    }),
    result: z.object({}),
    invokers: ["coach", "user"],
    confirmation: true,
  });
  const polishStatement = defineAction({
    type: "polish_statement",
    title: "Polish statement",
    icon: "sparkles",
    description: "Rewrite an identity's statement (fixture action).",
    params: z.object({
      identityId: ref.identity(),
      statement: stores("identity.iAmStatement", z.string().trim().min(1).max(300)),
    }),
    result: z.object({}),
    invokers: ["coach", "user"],
    confirmation: false,
  });
  const later = defineCatalog({
    ...catalog,
    propose_visualization: proposeVisualization,
    polish_statement: polishStatement,
  });
  const rules: PhaseRules<typeof later> = {
    phaseActions: {
      ...phaseActions,
      identity_visualization: [
        ...phaseActions.identity_visualization,
        "propose_visualization",
        "polish_statement",
      ],
    },
    phaseTransitions,
  };
  const kit = createActionKit(later, rules);

  it("hides the newly guarded params from the model and flags them from the coach", () => {
    expect(kit.userOnlyParams("update_identity").map(({ param }) => param)).toEqual([
      "iAmStatement",
      "visualization",
    ]);
    expect(propertiesOf(kit.coachParamsJsonSchema("update_identity"))).toEqual([
      "identityId",
      "name",
      "category",
    ]);
    expect(propertiesOf(kit.coachParamsJsonSchema("polish_statement"))).toEqual(["identityId"]);
    expect(propertiesOf(kit.coachParamsJsonSchema("propose_visualization"))).toEqual([
      "identityId",
      "visualization",
    ]);
    expect(
      kit.unconfirmedWrites("polish_statement", { identityId: "i1", statement: "I am" }),
    ).toEqual([
      {
        param: "statement",
        field: "identity.iAmStatement",
        confirmThrough: ["suggest_i_am_statement"],
      },
    ]);
    expect(
      kit.unconfirmedWrites("update_identity", { identityId: "i1", visualization: "At dawn" }),
    ).toEqual([
      {
        param: "visualization",
        field: "identity.visualization",
        confirmThrough: ["propose_visualization"],
      },
    ]);
    // The real kit is unchanged: the visualization is not guarded there.
    expect(
      unconfirmedWrites("update_identity", { identityId: "i1", visualization: "At dawn" }),
    ).toEqual([]);
  });
});
