import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phaseArbitrary, responseArbitrary, type WireAction } from "./support/arbitraries.ts";
import {
  type ActionDefinition,
  type AnyActionCall,
  actions,
  catalog,
  limits,
  type ParsedModelResponse,
  type Phase,
  parseModelResponse,
  phases,
} from "./support/exports.ts";

const definitions: Readonly<Record<string, ActionDefinition>> = catalog;

/** Invariants every parse result satisfies, whatever the input. */
function checkInvariants(phase: Phase, parsed: ParsedModelResponse) {
  expect(parsed.ok).toBe(parsed.problems.length === 0);
  expect(parsed.message === null || typeof parsed.message === "string").toBe(true);
  expect(parsed.actions.length + parsed.rejected.length).toBeLessThanOrEqual(
    limits.actionsPerResponse,
  );
  const indices = parsed.rejected.map((rejection) => rejection.index);
  expect([...indices].sort((a, b) => a - b)).toEqual(indices);
  for (const rejection of parsed.rejected) {
    expect(rejection.problems.length).toBeGreaterThan(0);
    for (const problem of rejection.problems) expect(parsed.problems).toContain(problem);
  }
  for (const problem of parsed.problems) {
    for (const field of [problem.path, problem.expected, problem.received, problem.message]) {
      expect(typeof field).toBe("string");
      expect(field.length).toBeLessThan(2000);
    }
  }
  // Output actions always re-validate against their params schema, and are allowed here.
  for (const call of parsed.actions) {
    expect(actions.isActionAllowedInPhase(phase, call.type)).toBe(true);
    const definition = definitions[call.type];
    expect(definition?.params.safeParse(call.params).success).toBe(true);
  }
}

const anyPhase = phaseArbitrary(phases);

describe("parseModelResponse (properties)", () => {
  it("never throws on random JSON values, as objects or as text", () => {
    fc.assert(
      fc.property(anyPhase, fc.jsonValue(), fc.boolean(), (phase, value, asText) => {
        checkInvariants(phase, parseModelResponse(phase, asText ? JSON.stringify(value) : value));
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random strings and arbitrary values", () => {
    fc.assert(
      fc.property(
        anyPhase,
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.anything()),
        (phase, raw) => {
          checkInvariants(phase, parseModelResponse(phase, raw));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on random JSON shaped like a response", () => {
    const item = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...actions.actionTypes), fc.string()),
        params: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        anyPhase,
        fc.record({ message: fc.jsonValue(), actions: fc.array(fc.oneof(item, fc.jsonValue())) }),
        (phase, response) => {
          checkInvariants(phase, parseModelResponse(phase, response));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parses every valid response completely, however it is wrapped", () => {
    const wrap = fc.constantFrom(
      (text: string) => text,
      (text: string) => `${text}${text}`,
      (text: string) => `\`\`\`json\n${text}\n\`\`\``,
      (text: string) => `Here you go: ${text}\nThanks!`,
    );
    fc.assert(
      fc.property(
        anyPhase.chain((phase) => fc.tuple(fc.constant(phase), responseArbitrary(actions, phase))),
        wrap,
        ([phase, response], wrapText) => {
          const parsed = parseModelResponse(phase, wrapText(JSON.stringify(response)));
          checkInvariants(phase, parsed);
          expect(parsed.problems).toEqual([]);
          expect(parsed.actions.map((call) => call.type)).toEqual(
            response.actions.map((action) => action.type),
          );
          expect(parsed.message).toBe(response.message);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("keeps every untouched action when others are mutated (items are independent)", () => {
    const mutation = fc.oneof(
      fc.jsonValue().map(
        (junk) =>
          (_action: WireAction): unknown =>
            junk,
      ),
      fc.string().map((type) => (action: WireAction): unknown => ({ ...action, type })),
      fc
        .tuple(fc.string(), fc.jsonValue())
        .map(([key, value]) => (action: WireAction): unknown => ({
          ...action,
          params: { ...action.params, [key]: value },
        })),
      fc.constant((action: WireAction): unknown => ({ type: action.type })),
      fc.constant((action: WireAction): unknown => ({
        ...action,
        params: Object.fromEntries(Object.entries(action.params).slice(1)),
      })),
      fc.jsonValue().map((value) => (action: WireAction): unknown => ({ ...action, extra: value })),
    );
    const scenario = anyPhase.chain((phase) =>
      fc.tuple(
        fc.constant(phase),
        responseArbitrary(actions, phase, 8),
        fc.array(fc.option(mutation, { freq: 2 }), { minLength: 8, maxLength: 8 }),
      ),
    );
    fc.assert(
      fc.property(scenario, ([phase, response, mutations]) => {
        const items = response.actions.map((action, index) => {
          const mutate = mutations[index];
          return mutate === null || mutate === undefined ? action : mutate(action);
        });
        const parsed = parseModelResponse(
          phase,
          JSON.stringify({ message: response.message, actions: items }),
        );
        checkInvariants(phase, parsed);
        // Parsing the list is the same as parsing each item alone, in order.
        const alone: AnyActionCall[] = items.flatMap(
          (item) => parseModelResponse(phase, { message: "", actions: [item] }).actions,
        );
        expect(parsed.actions).toEqual(alone);
        // Untouched items always survive.
        const untouched = response.actions.filter(
          (_, index) => mutations[index] === null || mutations[index] === undefined,
        );
        const survivors: string[] = parsed.actions.map((call) => call.type);
        let cursor = 0;
        for (const action of untouched) {
          cursor = survivors.indexOf(action.type, cursor);
          expect(cursor).toBeGreaterThanOrEqual(0);
          cursor += 1;
        }
        expect(parsed.actions.length + parsed.rejected.length).toBe(items.length);
      }),
      { numRuns: 150 },
    );
  });
});
