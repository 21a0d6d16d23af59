/**
 * The property tests' generators cover every schema construct the converter can emit, so adding
 * an action with any param the strict subset allows does not break them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { strictFormats, strictKeywords } from "../src/schema/strict-rules.ts";
import { createAjv } from "./support/ajv.ts";
import { generatedFormats, valueArbitrary } from "./support/arbitraries.ts";
import { type JsonObject, zodToJsonSchema } from "./support/exports.ts";

/** One schema per strict-mode keyword, using it. */
const keywordSamples: Record<string, JsonObject> = {
  type: { type: "boolean" },
  description: { type: "string", description: "d" },
  title: { type: "string", title: "t" },
  properties: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] },
  required: { type: "object", properties: { a: { type: "null" } }, required: ["a"] },
  additionalProperties: { type: "object", properties: {}, additionalProperties: false },
  items: { type: "array", items: { type: "number" } },
  anyOf: { anyOf: [{ type: "string" }, { type: "null" }] },
  enum: { type: "string", enum: ["a", "b"] },
  const: { type: "string", const: "k" },
  pattern: { type: "string", pattern: "^[A-Z]{2}-\\d{3}$" },
  format: { type: "string", format: "date-time" },
  minimum: { type: "integer", minimum: 5 },
  maximum: { type: "integer", maximum: -5 },
  exclusiveMinimum: { type: "number", exclusiveMinimum: 0, maximum: 1 },
  exclusiveMaximum: { type: "number", exclusiveMaximum: 0, minimum: -1 },
  multipleOf: { type: "number", multipleOf: 0.25, minimum: -10, maximum: 10 },
  minItems: { type: "array", items: { type: "boolean" }, minItems: 2 },
  maxItems: { type: "array", items: { type: "boolean" }, maxItems: 1 },
};
/** The converter never emits these: it inlines reused schemas and rejects cycles. */
const notEmitted = new Set(["$defs", "$ref"]);

describe("param generators", () => {
  const ajv = createAjv();

  it("have a sample for every keyword strict mode allows, and a generator for every format", () => {
    expect(Object.keys(keywordSamples).sort()).toEqual(
      [...strictKeywords].filter((keyword) => !notEmitted.has(keyword)).sort(),
    );
    expect([...generatedFormats].sort()).toEqual([...strictFormats].sort());
  });

  it.each(Object.entries(keywordSamples))("generate valid values for %s", (_keyword, schema) => {
    const validate = ajv.compile(schema);
    fc.assert(
      fc.property(valueArbitrary(schema), (value) => validate(value)),
      { numRuns: 30 },
    );
  });

  it.each([...strictFormats])("generate values zod and Ajv accept for format %s", (format) => {
    const schemas: Record<string, z.ZodType> = {
      "date-time": z.iso.datetime(),
      date: z.iso.date(),
      time: z.iso.time(),
      duration: z.iso.duration(),
      email: z.email(),
      hostname: z.hostname(),
      ipv4: z.ipv4(),
      ipv6: z.ipv6(),
      uuid: z.uuid(),
    };
    const zodSchema = schemas[format];
    if (zodSchema === undefined) throw new Error(`no zod schema for ${format}`);
    const json = zodToJsonSchema(zodSchema, "input");
    // zod emits no format for some (z.iso.time: a pattern only); the format alone then.
    const schema = json.format === format ? json : { type: "string", format };
    const validate = ajv.compile(schema);
    fc.assert(
      fc.property(
        valueArbitrary(schema),
        (value) => validate(value) && (schema !== json || zodSchema.safeParse(value).success),
      ),
      { numRuns: 30 },
    );
  });

  it.each([
    ["an integer", z.int().min(3).max(9)],
    ["a pattern-only time", z.iso.time()],
    ["a regex", z.string().regex(/^[A-Z]{2}\d$/)],
  ])("generate values zod accepts for %s", (_name, zodSchema) => {
    fc.assert(
      fc.property(
        valueArbitrary(zodToJsonSchema(zodSchema, "input")),
        (value) => zodSchema.safeParse(value).success,
      ),
      { numRuns: 30 },
    );
  });
});
