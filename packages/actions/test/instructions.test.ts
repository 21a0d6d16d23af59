import { describe, expect, it } from "vitest";
import {
  actionInstructions,
  catalog,
  coachActionsForPhase,
  phases,
  phaseTransitions,
  coachParamsJsonSchema,
} from "./support/exports.ts";

/** The JSON blocks of a markdown text, parsed. */
function jsonBlocks(text: string): unknown[] {
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1] ?? ""));
}

describe("actionInstructions", () => {
  it.each(phases)("for %s, describe each allowed action with its real JSON Schema", (phase) => {
    const text = actionInstructions(phase);
    const allowed = coachActionsForPhase(phase);
    expect(jsonBlocks(text)).toEqual(allowed.map((type) => coachParamsJsonSchema(type)));
    for (const type of allowed) {
      expect(text).toContain(`### \`${type}\`: ${catalog[type].title}`);
      expect(text).toContain(catalog[type].description);
    }
    for (const type of Object.keys(catalog)) {
      if (!allowed.some((name) => name === type)) expect(text).not.toContain(`### \`${type}\``);
    }
    // Never a JS representation.
    expect(text).not.toContain("[object Object]");
    expect(text).not.toMatch(/ZodObject|ZodString|undefined/);
  });

  it("explains the response format and the phase transitions", () => {
    const text = actionInstructions("brainstorming_review");
    expect(text).toContain("Reply with exactly one JSON object");
    expect(text).toContain(
      '{"message": "<your message to the user>", "actions": [{"type": "<action type>", "params": {}}]}',
    );
    expect(text).toContain("Set an optional parameter you do not use to null.");
    expect(text).toContain(
      "`identity_refinement` or `identity_brainstorming` with `transition_phase`",
    );
    expect(phaseTransitions.brainstorming_review).toEqual([
      "identity_refinement",
      "identity_brainstorming",
    ]);
  });

  it("mentions confirmation for actions that need it", () => {
    const text = actionInstructions("identity_commitment");
    // One action's section: from its heading to the next one (sections follow catalog order).
    const section = (type: string) => {
      const start = text.indexOf(`### \`${type}\``);
      const next = text.indexOf("### ", start + 1);
      return text.slice(start, next < 0 ? undefined : next);
    };
    expect(section("nest_identity")).toContain("Needs the user's confirmation");
    expect(section("accept_identity_commitment")).not.toContain("Needs the user's confirmation");
  });

  it("in tools mode, leaves the schemas to the tool definitions", () => {
    const text = actionInstructions("identity_refinement", "tools");
    expect(jsonBlocks(text)).toEqual([]);
    expect(text).toContain("call the tool of the same name");
    expect(text).toContain(catalog.accept_identity_refinement.description);
  });

  it("is deterministic", () => {
    expect(actionInstructions("i_am_statement")).toBe(actionInstructions("i_am_statement"));
  });
});
