import { describe, expect, it } from "vitest";
import {
  catalog,
  coachActionsForPhase,
  coachParamsJsonSchema,
  phases,
  toolDefinitions,
  toolNamePattern,
} from "./support/exports.ts";

describe("toolDefinitions", () => {
  it.each(phases)("offers one strict function tool per coach action of %s", (phase) => {
    const tools = toolDefinitions(phase);
    expect(tools.map((tool) => tool.function.name)).toEqual(coachActionsForPhase(phase));
    for (const tool of tools) {
      expect(tool.type).toBe("function");
      expect(tool.function.strict).toBe(true);
      expect(tool.function.name).toMatch(toolNamePattern);
      expect(tool.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      const type = coachActionsForPhase(phase).find((name) => name === tool.function.name);
      if (type === undefined) throw new Error("unknown tool");
      expect(tool.function.description).toBe(catalog[type].description);
      expect(tool.function.parameters).toBe(coachParamsJsonSchema(type));
    }
  });
});
