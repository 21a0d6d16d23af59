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
});
