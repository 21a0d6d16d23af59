import { describe, expect, it } from "vitest";
import { checkStrictSchema, type StrictSchemaRule } from "./support/exports.ts";

/** A minimal valid strict schema with one nested property, to break one rule at a time. */
function valid() {
  return {
    type: "object",
    properties: {
      name: { type: "string", description: "A name." },
      tags: { type: "array", maxItems: 3, items: { type: "string", enum: ["a", "b"] } },
      extra: { anyOf: [{ type: "number", minimum: 0 }, { type: "null" }] },
    },
    required: ["name", "tags", "extra"],
    additionalProperties: false,
  };
}

/** An object schema as strict mode wants it: every property required, no others allowed. */
function strictObject(properties: Record<string, unknown>) {
  return {
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

function rulesAt(schema: unknown): Array<[string, StrictSchemaRule]> {
  return checkStrictSchema(schema).map((problem) => [problem.path, problem.rule]);
}

describe("checkStrictSchema", () => {
  it("accepts a valid strict schema", () => {
    expect(checkStrictSchema(valid())).toEqual([]);
  });

  it("rejects a non-object", () => {
    expect(rulesAt(null)).toEqual([["#", "not_a_schema"]]);
    expect(rulesAt("schema")).toEqual([["#", "not_a_schema"]]);
    expect(rulesAt([])).toEqual([["#", "not_a_schema"]]);
  });

  it("requires an object at the root, not an anyOf", () => {
    expect(rulesAt({ type: "string" })).toContainEqual(["#", "root_not_object"]);
    expect(rulesAt({ anyOf: [valid(), { type: "null" }] })).toContainEqual([
      "#",
      "root_not_object",
    ]);
  });

  it("requires additionalProperties: false on every object", () => {
    const schema = valid();
    const nested = {
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
    };
    Object.assign(schema.properties, { nested });
    schema.required.push("nested");
    expect(rulesAt(schema)).toEqual([["#/properties/nested", "additional_properties"]]);
    expect(rulesAt({ ...valid(), additionalProperties: true })).toEqual([
      ["#", "additional_properties"],
    ]);
  });

  it("requires every property to be required, and nothing else", () => {
    expect(rulesAt({ ...valid(), required: ["name", "tags"] })).toEqual([["#", "required_keys"]]);
    const [problem] = checkStrictSchema({ ...valid(), required: ["name", "tags"] });
    expect(problem?.message).toContain("extra");
    expect(rulesAt({ ...valid(), required: ["name", "tags", "extra", "ghost"] })).toEqual([
      ["#", "required_keys"],
    ]);
    expect(rulesAt({ ...valid(), required: "name" })).toContainEqual(["#", "required_keys"]);
  });

  it.each([
    ["oneOf", { oneOf: [{ type: "string" }, { type: "number" }] }],
    ["allOf", { allOf: [{ type: "string" }] }],
    ["not", { type: "string", not: { const: "x" } }],
    // Parsed from text: a literal `then` key would make the object thenable.
    [
      "if",
      JSON.parse('{"type":"string","if":{"const":"a"},"then":{"const":"a"},"else":{"const":"b"}}'),
    ],
    ["default", { type: "string", default: "x" }],
    ["maxLength", { type: "string", maxLength: 10 }],
    ["minLength", { type: "string", minLength: 1 }],
    ["uniqueItems", { type: "array", items: { type: "string" }, uniqueItems: true }],
    ["patternProperties", { ...strictObject({}), patternProperties: {} }],
    ["$schema", { type: "string", $schema: "https://json-schema.org/draft/2020-12/schema" }],
    ["x-custom", { type: "string", "x-custom": true }],
  ])("rejects the unsupported keyword %s, naming the path", (keyword, property) => {
    const schema = valid();
    Object.assign(schema.properties, { bad: property });
    schema.required.push("bad");
    const problems = checkStrictSchema(schema);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: "#/properties/bad", rule: "unsupported_keyword" }),
    );
    expect(problems.find((problem) => problem.rule === "unsupported_keyword")?.message).toContain(
      keyword,
    );
  });

  it("names anyOf as the alternative to oneOf", () => {
    const schema = valid();
    Object.assign(schema.properties, { bad: { oneOf: [{ type: "string" }] } });
    schema.required.push("bad");
    expect(
      checkStrictSchema(schema)
        .map((problem) => problem.message)
        .join(),
    ).toContain("use anyOf");
  });

  it("requires a type (or anyOf/enum/const/$ref) on every schema", () => {
    const schema = valid();
    Object.assign(schema.properties, { bad: { description: "anything" } });
    schema.required.push("bad");
    expect(rulesAt(schema)).toEqual([["#/properties/bad", "missing_type"]]);
  });

  it("rejects unknown types and unsupported formats", () => {
    const schema = valid();
    Object.assign(schema.properties, {
      a: { type: "date" },
      b: { type: ["string", "string"] },
      c: { type: "string", format: "uri" },
      d: { type: "string", format: "email" },
    });
    schema.required.push("a", "b", "c", "d");
    expect(rulesAt(schema)).toEqual([
      ["#/properties/a", "invalid_type"],
      ["#/properties/a", "missing_type"],
      ["#/properties/b", "invalid_type"],
      ["#/properties/b", "missing_type"],
      ["#/properties/c", "unsupported_format"],
    ]);
  });

  it("checks inside anyOf branches and array items", () => {
    const schema = {
      ...valid(),
      properties: {
        name: { type: "string" },
        tags: { type: "array", items: { type: "string", maxLength: 3 } },
        extra: {
          anyOf: [
            { type: "null" },
            { type: "null" },
            { type: "object", properties: {}, required: [] },
          ],
        },
      },
    };
    expect(rulesAt(schema)).toEqual([
      ["#/properties/tags/items", "unsupported_keyword"],
      ["#/properties/extra/anyOf/2", "additional_properties"],
    ]);
    expect(rulesAt({ ...valid(), properties: { a: { anyOf: [] } }, required: ["a"] })).toEqual([
      ["#/properties/a/anyOf", "invalid_any_of"],
    ]);
  });

  it("rejects tuple items and arrays without items", () => {
    expect(
      rulesAt({
        ...valid(),
        properties: { a: { type: "array", items: [{ type: "string" }] } },
        required: ["a"],
      }),
    ).toEqual([["#/properties/a/items", "invalid_items"]]);
    expect(rulesAt({ ...valid(), properties: { a: { type: "array" } }, required: ["a"] })).toEqual([
      ["#/properties/a", "invalid_items"],
    ]);
  });

  it("checks $ref targets", () => {
    const schema = {
      ...valid(),
      $defs: { name: { type: "string" } },
      properties: {
        a: { $ref: "#/$defs/name" },
        b: { $ref: "#/$defs/missing" },
        c: { $ref: "http://x" },
      },
      required: ["a", "b", "c"],
    };
    expect(rulesAt(schema)).toEqual([
      ["#/properties/b", "invalid_ref"],
      ["#/properties/c", "invalid_ref"],
    ]);
  });

  it("limits nesting to 10 object levels", () => {
    const nest = (levels: number): object =>
      levels === 1 ? strictObject({}) : strictObject({ child: nest(levels - 1) });
    expect(checkStrictSchema(nest(10))).toEqual([]);
    const problems = checkStrictSchema(nest(11));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.rule).toBe("too_deep");
    expect(problems[0]?.path).toBe(`#${"/properties/child".repeat(10)}`);
  });

  it("limits the total number of properties to 5000", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 5001 }, (_, index) => [`p${index}`, { type: "boolean" }]),
    );
    expect(rulesAt(strictObject(properties))).toEqual([["#", "too_many_properties"]]);
  });

  it("limits enum values to 1000 in total", () => {
    const values = Array.from({ length: 501 }, (_, index) => `v${index}`);
    const schema = strictObject({
      a: { type: "string", enum: values },
      b: { type: "string", enum: values },
    });
    expect(rulesAt(schema)).toEqual([["#", "too_many_enum_values"]]);
  });

  it("limits a large enum's text to 15,000 characters", () => {
    const values = Array.from({ length: 251 }, (_, index) => `${index}`.padEnd(61, "x"));
    const schema = strictObject({ a: { type: "string", enum: values } });
    expect(rulesAt(schema)).toEqual([["#/properties/a", "large_enum_text"]]);
  });

  it("limits names, enum and const values to 120,000 characters in total", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [
        `p${index}`.padEnd(1000, "_"),
        { type: "string", const: "c".repeat(300) },
      ]),
    );
    expect(rulesAt(strictObject(properties))).toEqual([["#", "too_much_text"]]);
  });

  it("escapes property names in paths", () => {
    const schema = {
      ...valid(),
      properties: { "a/b~c": { type: "string", maxLength: 1 } },
      required: ["a/b~c"],
    };
    expect(rulesAt(schema)).toEqual([["#/properties/a~1b~0c", "unsupported_keyword"]]);
  });

  it("survives cyclic input", () => {
    const schema: Record<string, unknown> = {
      type: "object",
      required: ["self"],
      additionalProperties: false,
    };
    schema.properties = { self: schema };
    expect(rulesAt(schema).some(([, rule]) => rule === "too_deep")).toBe(true);
  });
});
