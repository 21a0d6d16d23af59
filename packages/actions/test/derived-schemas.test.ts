import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAjv } from "./support/ajv.ts";
import { responseArbitrary } from "./support/arbitraries.ts";
import {
  actions,
  actionTypes,
  checkStrictSchema,
  isJsonObject,
  type JsonObject,
  paramsJsonSchema,
  parseModelResponse,
  phases,
  responseFormat,
  responseJsonSchema,
  responseSchema,
  resultJsonSchema,
  strictParamsJsonSchema,
  toolDefinitions,
  toStrictJsonSchema,
  zodToJsonSchema,
} from "./support/exports.ts";

const ajv = createAjv();

describe("strict JSON Schemas", () => {
  it.each(phases)("the %s response schema passes the strict-mode checker and compiles", (phase) => {
    const schema = responseJsonSchema(phase);
    expect(checkStrictSchema(schema)).toEqual([]);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it.each(phases)("every %s tool is strict and compiles", (phase) => {
    for (const tool of toolDefinitions(phase)) {
      expect(checkStrictSchema(tool.function.parameters), tool.function.name).toEqual([]);
      expect(() => ajv.compile(tool.function.parameters)).not.toThrow();
    }
  });

  it("every action's strict params pass the checker; full params and results compile", () => {
    for (const type of actionTypes) {
      expect(checkStrictSchema(strictParamsJsonSchema(type)), type).toEqual([]);
      expect(() => ajv.compile(paramsJsonSchema(type))).not.toThrow();
      expect(() => ajv.compile(resultJsonSchema(type))).not.toThrow();
    }
  });

  it("shapes the response as { message, actions: [{ type, params }] } restricted to the phase", () => {
    const schema = responseJsonSchema("brainstorming_review");
    expect(schema.required).toEqual(["message", "actions"]);
    const items = property(property(schema, "actions"), "items");
    const types = (Array.isArray(items.anyOf) ? items.anyOf : []).map((branch) =>
      isJsonObject(branch) ? property(property(branch, "properties"), "type").const : undefined,
    );
    expect(types).toEqual(["combine_identities", "select_identity_focus", "transition_phase"]);
  });

  it("turns optional params into required nullable ones, and states limits in descriptions", () => {
    const create = property(strictParamsJsonSchema("create_identity"), "properties");
    expect(strictParamsJsonSchema("create_identity").required).toEqual([
      "name",
      "category",
      "note",
    ]);
    expect(property(create, "note").type).toEqual(["string", "null"]);
    expect(property(create, "name").description).toContain("1-60 characters");
    const update = property(strictParamsJsonSchema("update_identity"), "properties");
    expect(property(update, "category").anyOf).toEqual([
      expect.objectContaining({ type: "string", enum: expect.any(Array) }),
      { type: "null" },
    ]);
    // The full schema keeps the real constraints for API clients.
    expect(
      property(property(paramsJsonSchema("create_identity"), "properties"), "name"),
    ).toMatchObject({
      minLength: 1,
      maxLength: 60,
    });
    expect(paramsJsonSchema("create_identity").required).toEqual(["name", "category"]);
  });

  it("gives a response_format for the OpenAI API", () => {
    const format = responseFormat("identity_refinement");
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(format.json_schema.schema).toBe(responseJsonSchema("identity_refinement"));
  });

  it("caches and freezes derived schemas", () => {
    const schema = responseJsonSchema("introduction");
    expect(responseJsonSchema("introduction")).toBe(schema);
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Reflect.set(schema, "type", "array")).toBe(false);
    expect(Object.isFrozen(property(schema, "properties"))).toBe(true);
  });

  it("throws for an unknown phase (a programming error, not model input)", () => {
    // @ts-expect-error not a phase
    expect(() => responseJsonSchema("nap_time")).toThrow('Unknown phase "nap_time"');
  });

  it("accepts exactly the responses the zod schemas accept (JSON Schema and zod agree)", () => {
    for (const phase of phases) {
      const validate = ajv.compile(responseJsonSchema(phase));
      fc.assert(
        fc.property(responseArbitrary(actions, phase), (response) => {
          expect(validate(response), JSON.stringify(validate.errors)).toBe(true);
          expect(responseSchema(phase).safeParse(response).success).toBe(true);
          expect(parseModelResponse(phase, response).ok).toBe(true);
        }),
        { numRuns: 30 },
      );
    }
  });
});

describe("toStrictJsonSchema", () => {
  const strict = (schema: z.ZodType) => toStrictJsonSchema(zodToJsonSchema(schema, "input"));

  it("refuses what strict mode cannot express, naming the path", () => {
    expect(() => strict(z.object({ tags: z.record(z.string(), z.string()) }))).toThrow(
      "#/properties/tags",
    );
    expect(() => strict(z.object({ pair: z.tuple([z.string(), z.number()]) }))).toThrow(
      "#/properties/pair",
    );
    expect(() => strict(z.object({ open: z.looseObject({ a: z.string() }) }))).toThrow(
      "#/properties/open",
    );
  });

  it("refuses types JSON Schema cannot express at all", () => {
    expect(() => strict(z.object({ when: z.date() }))).toThrow();
  });

  it("keeps nullable fields nullable once, and describes defaults and uniqueness", () => {
    const schema = strict(
      z.object({
        maybe: z.string().nullable().optional(),
        level: z.number().default(3),
        set: z.array(z.string()).max(2),
        pick: z.enum(["a", "b"]).optional(),
      }),
    );
    const properties = property(schema, "properties");
    expect(property(properties, "maybe")).toEqual({ type: ["string", "null"] });
    expect(property(properties, "level").description).toBe("If null: 3.");
    expect(property(properties, "pick")).toEqual({
      anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }],
    });
    expect(checkStrictSchema(schema)).toEqual([]);
  });
});

function property(schema: JsonObject, key: string): JsonObject {
  const value =
    isJsonObject(schema.properties) && key !== "properties" && key !== "items"
      ? schema.properties[key]
      : schema[key];
  if (!isJsonObject(value)) throw new Error(`no ${key}`);
  return value;
}
