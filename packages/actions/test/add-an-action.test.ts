/**
 * The add-an-action loop: a fixture catalog (the real one plus `celebrate_milestone`, allowed in
 * identity_visualization) and everything derived from it. Nothing but the definition and its
 * place in the phase rules was written; every derivation picks it up. The type-level half (the
 * handler contract now requires its handler) is in test/types/handler-contract.ts and
 * test/type-errors/fixture-missing-handler.ts, and in the typed values below.
 */
import { describe, expect, it } from "vitest";
import { createAjv } from "./support/ajv.ts";
import {
  actions,
  type CallOf,
  checkStrictSchema,
  type HandlersOf,
  phases,
  renderDocs,
} from "./support/exports.ts";
import { type FixtureCatalog, fixtureKit } from "./support/fixture.ts";

// Type level: the fixture's call union and handler contract include the new action.
export const fixtureCall: CallOf<FixtureCatalog> = {
  type: "celebrate_milestone",
  params: { identityId: "a", milestone: "First 10k" },
};
export type FixtureHandler = HandlersOf<FixtureCatalog, null>["celebrate_milestone"];
// @ts-expect-error the real catalog has no such action
export const realCall: CallOf<typeof actions.catalog> = { type: "celebrate_milestone", params: {} };

const type = "celebrate_milestone";
const phase = "identity_visualization";

describe("adding an action", () => {
  it("extends the action types, constants and enum", () => {
    expect(fixtureKit.actionTypes).toEqual([...actions.actionTypes, type]);
    expect(fixtureKit.ActionType.CELEBRATE_MILESTONE).toBe(type);
    expect(fixtureKit.actionTypeSchema.safeParse(type).success).toBe(true);
    expect(actions.actionTypeSchema.safeParse(type).success).toBe(false);
  });

  it("adds it to its phase's response schema only, still strict", () => {
    const ajv = createAjv();
    for (const each of phases) {
      const schema = fixtureKit.responseJsonSchema(each);
      expect(checkStrictSchema(schema)).toEqual([]);
      expect(() => ajv.compile(schema)).not.toThrow();
      expect(JSON.stringify(schema).includes(`"const":"${type}"`)).toBe(each === phase);
    }
    expect(JSON.stringify(actions.responseJsonSchema(phase))).not.toContain(type);
  });

  it("adds a strict tool", () => {
    const tool = fixtureKit.toolDefinitions(phase).find((each) => each.function.name === type);
    expect(tool?.function.parameters).toEqual({
      type: "object",
      properties: {
        identityId: {
          type: "string",
          pattern: "^[A-Za-z0-9_-]+$",
          description: "The identity the milestone belongs to. 1-64 characters.",
        },
        milestone: { type: "string", description: "What the user achieved. 1-120 characters." },
        confetti: {
          type: ["boolean", "null"],
          description: "Whether the client should show confetti.",
        },
      },
      required: ["identityId", "milestone", "confetti"],
      additionalProperties: false,
    });
    expect(checkStrictSchema(tool?.function.parameters)).toEqual([]);
  });

  it("adds it to the phase's instructions", () => {
    const text = fixtureKit.actionInstructions(phase);
    expect(text).toContain("### `celebrate_milestone`: Celebrate milestone");
    expect(text).toContain(JSON.stringify(fixtureKit.strictParamsJsonSchema(type), null, 2));
    expect(fixtureKit.actionInstructions("introduction")).not.toContain(type);
  });

  it("adds it to the docs", () => {
    const files = renderDocs(fixtureKit.docsModel());
    expect(files.map((file) => file.path)).toContain(`${type}.md`);
    const readme = files.find((file) => file.path === "README.md")?.content ?? "";
    expect(readme).toContain(
      `| [\`${type}\`](${type}.md) | Celebrate milestone | coach, user | no | \`${phase}\` |`,
    );
    expect(readme).toContain(`| \`${type}\` |`);
  });

  it("parses it from model output in its phase only, with null meaning absent", () => {
    const response = {
      message: "Congratulations!",
      actions: [{ type, params: { identityId: "a", milestone: " First 10k ", confetti: null } }],
    };
    const parsed = fixtureKit.parseModelResponse(phase, response);
    expect(parsed.actions).toEqual([{ type, params: { identityId: "a", milestone: "First 10k" } }]);
    expect(
      fixtureKit.parseModelResponse("introduction", response).rejected[0]?.problems[0]?.message,
    ).toContain("not allowed in phase");
    expect(actions.parseModelResponse(phase, response).rejected[0]?.problems[0]?.message).toBe(
      "Unknown action type",
    );
    expect(fixtureKit.parseActionParams(type, { identityId: "a", milestone: "x" }).ok).toBe(true);
    expect(fixtureKit.referencesOf(type, { identityId: "a", milestone: "x" })).toEqual([
      { kind: "identity", id: "a", path: "identityId" },
    ]);
  });
});
