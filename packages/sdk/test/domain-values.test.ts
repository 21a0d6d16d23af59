// The SDK's phase list, titles and message limit are the catalog's (generated literals; this
// checks the values at run time, where the type checker sees only their shape).
import { limits, phases, phaseTitles } from "@trellis/actions";
import { describe, expect, it } from "vitest";
import { MESSAGE_MAX_CHARS, PHASES, phaseTitle } from "../src/index.ts";

describe("the domain values a front-end shows", () => {
  it("lists every phase in the catalog's order, titled as the catalog titles it", () => {
    expect(PHASES.map((entry) => entry.phase)).toEqual([...phases]);
    for (const entry of PHASES) expect(entry.title).toBe(phaseTitles[entry.phase]);
    expect(phaseTitle("identity_warm_up")).toBe("Warming up");
    expect(phaseTitle("a_future_phase")).toBe("a_future_phase");
  });

  it("has the message box's limit", () => {
    expect(MESSAGE_MAX_CHARS).toBe(limits.userMessage);
  });
});
