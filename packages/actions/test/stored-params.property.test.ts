/**
 * Every action's parsed params survive being stored (a pending confirmation keeps them as JSON)
 * and come back from `storedCall` exactly as a direct call parses them: a transform or default
 * applies once, whichever way the action runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paramsArbitrary } from "./support/arbitraries.ts";
import { actions, actionTypes } from "./support/exports.ts";

describe("stored params", () => {
  it.each(actionTypes)("%s: stored and restored, they equal the direct call's", (type) => {
    fc.assert(
      fc.property(paramsArbitrary(actions, type), (input) => {
        const direct = actions.parseActionParams(type, input);
        if (!direct.ok) return false;
        const stored: unknown = JSON.parse(JSON.stringify(direct.call.params));
        expect(actions.storedCall(type, stored)).toEqual(direct);
        return true;
      }),
      { numRuns: 20 },
    );
  });

  // The coach's calls are parsed twice: from the model's response, then by the engine. Until
  // that path passes the first parse on, a transform or default must give the same result when
  // applied to its own output.
  it.each(actionTypes)("%s: parsing parsed params changes nothing", (type) => {
    fc.assert(
      fc.property(paramsArbitrary(actions, type), (input) => {
        const once = actions.parseActionParams(type, input);
        if (!once.ok) return false;
        expect(actions.parseActionParams(type, once.call.params)).toEqual(once);
        return true;
      }),
      { numRuns: 20 },
    );
  });
});
