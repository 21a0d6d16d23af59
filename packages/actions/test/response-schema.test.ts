import { describe, expect, it } from "vitest";
import { parseModelResponse, responseSchema } from "./support/exports.ts";

const phase = "identity_refinement";
const valid = {
  message: "Shall we call it Runner?",
  actions: [
    {
      type: "update_identity",
      params: {
        identityId: "a",
        name: " Runner ",
        category: null,
        iAmStatement: null,
        visualization: null,
      },
    },
    { type: "accept_identity_refinement", params: { identityId: "a" } },
  ],
};

describe("responseSchema (zod)", () => {
  it("validates the wire form and outputs what handlers see, like parseModelResponse", () => {
    const result = responseSchema(phase).safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      message: valid.message,
      actions: [
        { type: "update_identity", params: { identityId: "a", name: "Runner" } },
        { type: "accept_identity_refinement", params: { identityId: "a" } },
      ],
    });
    expect(result.data).toEqual({
      message: valid.message,
      actions: parseModelResponse(phase, valid).actions,
    });
  });

  it("is all or nothing, and rejects what the forgiving parser rejects", () => {
    const cases = [
      {
        ...valid,
        actions: [
          ...valid.actions,
          { type: "create_identity", params: { name: "x", category: "spiritual", note: null } },
        ],
      },
      {
        ...valid,
        actions: [{ type: "accept_identity_refinement", params: { identityId: "a", extra: 1 } }],
      },
      { ...valid, actions: [{ type: "accept_identity_refinement", params: {} }] },
      { ...valid, extra: true },
      { message: valid.message },
    ];
    for (const input of cases) {
      expect(responseSchema(phase).safeParse(input).success).toBe(false);
      expect(parseModelResponse(phase, input).ok).toBe(false);
    }
  });

  it("reports unknown params keys with their path", () => {
    const result = responseSchema(phase).safeParse({
      message: "",
      actions: [{ type: "accept_identity_refinement", params: { identityId: "a", extra: 1 } }],
    });
    expect(result.error?.issues[0]?.path).toEqual(["actions", 0, "params", "extra"]);
  });
});
