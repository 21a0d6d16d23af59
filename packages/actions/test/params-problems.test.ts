/**
 * Params the model cannot be offered fail where the action is defined, naming the action and
 * the param (issue 17, items 5 and 7), and a refinement's message reaches the model.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineAction,
  strictParamsJsonSchema,
  toStrictJsonSchema,
  zodToJsonSchema,
} from "./support/exports.ts";

const base = {
  type: "tag_things",
  title: "Tag things",
  icon: "tag",
  description: "Tags things.",
  result: z.object({}),
  invokers: ["coach"],
  confirmation: false,
} as const;

interface Tree {
  name: string;
  children: Tree[];
}
const tree: z.ZodType<Tree> = z.lazy(() =>
  z.object({ name: z.string().max(10), children: z.array(tree).max(3) }),
);

describe("params without a strict form", () => {
  it.each([
    ["a record", { tags: z.record(z.string().max(5), z.string().max(5)) }, "param tags: "],
    ["a date", { when: z.date() }, "param when: "],
    ["a tuple", { pair: z.tuple([z.string().max(3), z.string().max(3)]) }, "param pair: "],
    ["a recursive schema", { tree }, "param tree"],
    [
      "a nested record",
      { place: z.object({ extra: z.record(z.string().max(5), z.string().max(5)) }) },
      "param place.extra: ",
    ],
    [
      "a refinement without a message",
      {
        code: z
          .string()
          .max(10)
          .refine((code) => /^[a-z]+$/.test(code)),
      },
      "param code: a .refine()/.superRefine() rule without a message",
    ],
    [
      "a superRefine",
      {
        code: z
          .string()
          .max(10)
          .superRefine(() => undefined),
      },
      "param code: a .refine()/.superRefine() rule without a message",
    ],
  ])("fail at definition time for %s, naming the action and the param", (_name, shape, message) => {
    expect(() => defineAction({ ...base, params: z.object(shape) })).toThrow(
      `action tag_things, ${message}`,
    );
  });
});

describe("an object-level refinement without a message", () => {
  it("fails at definition time, naming the params object", () => {
    const params = z.object({ a: z.string().max(3) }).refine((value) => value.a !== "x");
    expect(() => defineAction({ ...base, params })).toThrow(
      "action tag_things, params: the params object: a .refine()/.superRefine() rule without a message",
    );
  });
});

describe("refinements", () => {
  it("put their message into the description the model reads", () => {
    const params = z.object({
      code: z
        .string()
        .max(10)
        .describe("A code.")
        .refine((code) => /^[a-z]+$/.test(code), { message: "Only lowercase letters" }),
    });
    defineAction({ ...base, params });
    const strict = toStrictJsonSchema(zodToJsonSchema(params, "input"));
    expect(strict).toMatchObject({
      properties: {
        code: { description: "A code. Rule: Only lowercase letters. At most 10 characters." },
      },
    });
  });

  it("of the real catalog reach the model too (an object-level rule)", () => {
    expect(strictParamsJsonSchema("combine_identities").description).toMatch(/^Rule: /);
  });
});
