import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ActionType,
  actionTypeSchema,
  actionTypes,
  canInvoke,
  catalog,
  defineAction,
  defineCatalog,
  isActionType,
  isJsonArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  paramsJsonSchema,
  ref,
  referenceKindOf,
  resultJsonSchema,
} from "./support/exports.ts";

/** Every action docs/domain.md names. */
const domainActions = [
  "create_identity",
  "update_identity",
  "add_identity_note",
  "accept_identity_refinement",
  "accept_identity_commitment",
  "accept_i_am_statement",
  "accept_identity_visualization",
  "archive_identity",
  "nest_identity",
  "combine_identities",
  "set_current_identity",
  "select_identity_focus",
  "skip_identity_category",
  "unskip_identity_category",
  "transition_phase",
  "update_who_you_are",
  "update_who_you_want_to_be",
  "mark_question_asked",
  "suggest_i_am_statement",
  "add_user_note",
  "update_user_note",
  "delete_user_note",
  "show_canned_replies",
];

describe("catalog", () => {
  it("covers every action of the domain (new actions may be added without editing this test)", () => {
    expect(actionTypes).toEqual(expect.arrayContaining(domainActions));
    expect(new Set(actionTypes).size).toBe(actionTypes.length);
  });

  it("derives the action type list, constants and schema from the catalog", () => {
    expect(actionTypes).toEqual(Object.keys(catalog));
    expect(Object.keys(ActionType)).toEqual(actionTypes.map((type) => type.toUpperCase()));
    expect(Object.values(ActionType)).toEqual(actionTypes);
    expect(ActionType.CREATE_IDENTITY).toBe("create_identity");
    for (const type of actionTypes) {
      expect(isActionType(type)).toBe(true);
      expect(actionTypeSchema.safeParse(type).success).toBe(true);
    }
    expect(isActionType("launch_rocket")).toBe(false);
    expect(isActionType("__proto__")).toBe(false);
    expect(isActionType("toString")).toBe(false);
    expect(actionTypeSchema.safeParse("launch_rocket").success).toBe(false);
    expect(z.toJSONSchema(actionTypeSchema)).toMatchObject({ type: "string", enum: actionTypes });
  });

  it("files each definition under its own type, in snake_case", () => {
    for (const [key, definition] of Object.entries(catalog)) {
      expect(definition.type).toBe(key);
      expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(definition.title.trim()).not.toBe("");
      expect(definition.icon.trim()).not.toBe("");
      expect(definition.description.length).toBeGreaterThan(40);
    }
  });

  // Facts from docs/domain.md about the actions it names; an action added later needs no edit here.
  it("gives the note taker's actions to the system alone", () => {
    for (const type of ["add_user_note", "update_user_note", "delete_user_note"] as const) {
      expect(catalog[type].invokers).toEqual(["system"]);
    }
    for (const type of ["create_identity", "transition_phase", "accept_i_am_statement"] as const) {
      expect(canInvoke(type, "coach")).toBe(true);
      expect(canInvoke(type, "system")).toBe(false);
    }
  });

  it("keeps the coach's own bookkeeping from the user", () => {
    expect(canInvoke("mark_question_asked", "user")).toBe(false);
    expect(canInvoke("show_canned_replies", "user")).toBe(false);
    expect(canInvoke("create_identity", "user")).toBe(true);
    expect(canInvoke("launch_rocket", "coach")).toBe(false);
  });

  it("asks for confirmation for combine, nest, archive and suggest_i_am_statement", () => {
    const confirmed = [
      "archive_identity",
      "combine_identities",
      "nest_identity",
      "suggest_i_am_statement",
    ] as const;
    for (const type of confirmed) expect(catalog[type].confirmation, type).toBe(true);
    for (const type of ["create_identity", "accept_i_am_statement", "transition_phase"] as const) {
      expect(catalog[type].confirmation, type).toBe(false);
    }
  });

  it("lets both the coach and the user invoke every action that needs confirmation", () => {
    for (const type of actionTypes.filter((each) => catalog[each].confirmation)) {
      expect(canInvoke(type, "coach") && canInvoke(type, "user"), type).toBe(true);
    }
  });

  it("bounds every string and every array in every params schema", () => {
    for (const type of actionTypes) {
      const unbounded = findUnbounded(paramsJsonSchema(type), "#");
      expect(unbounded, type).toEqual([]);
    }
  });

  it("uses the agreed limits", () => {
    const properties = (type: (typeof actionTypes)[number]) => {
      const schema = paramsJsonSchema(type).properties;
      if (!isJsonObject(schema)) throw new Error("no properties");
      return schema;
    };
    expect(properties("create_identity").name).toMatchObject({ maxLength: 60 });
    expect(properties("create_identity").note).toMatchObject({ maxLength: 1000 });
    expect(properties("suggest_i_am_statement").statement).toMatchObject({ maxLength: 500 });
    expect(properties("update_identity").identityId).toMatchObject({ maxLength: 64 });
    expect(properties("show_canned_replies").replies).toMatchObject({ minItems: 1, maxItems: 4 });
  });

  it("tags id params with the entity they reference", () => {
    expect(referenceKindOf(catalog.nest_identity.params.shape.parentIdentityId)).toBe("identity");
    expect(referenceKindOf(catalog.update_user_note.params.shape.noteId)).toBe("user_note");
    expect(referenceKindOf(catalog.create_identity.params.shape.name)).toBeUndefined();
    expect(referenceKindOf(ref.identity().describe("relabelled"))).toBe("identity");
    // The tag lives in our own registry: it never leaks into generated JSON Schema.
    expect(JSON.stringify(paramsJsonSchema("nest_identity"))).not.toContain("user_note");
    expect(JSON.stringify(paramsJsonSchema("nest_identity"))).not.toContain('"kind"');
  });

  it("has JSON Schemas for every result", () => {
    for (const type of actionTypes) {
      const schema = resultJsonSchema(type);
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
    }
  });
});

describe("defineAction", () => {
  const base = {
    type: "do_thing",
    title: "Do thing",
    icon: "star",
    description: "Does a thing.",
    params: z.object({}),
    result: z.object({}),
    invokers: ["coach"],
    confirmation: false,
  } as const;

  it("returns the definition, frozen", () => {
    const definition = defineAction(base);
    expect(definition).toEqual(base);
    expect(Object.isFrozen(definition)).toBe(true);
  });

  it.each([
    [{ type: "DoThing" }, "snake_case"],
    [{ type: `a${"_b".repeat(40)}` }, "at most 64"],
    [{ title: " " }, "title must not be empty"],
    [{ description: "" }, "description must not be empty"],
    [{ invokers: [] }, "invokers must not be empty"],
    [{ invokers: ["coach", "coach"] }, "must not repeat"],
    [{ invokers: ["robot"] }, 'unknown invoker "robot"'],
    [{ confirmation: true }, 'invokable by "coach" and "user"'],
    [{ params: z.string() }, "params must be a z.object"],
  ])("rejects %o", (override, message) => {
    // Deliberately bypasses the types: this is the run-time guard for untyped callers.
    const definition: Parameters<typeof defineAction>[0] = Object.assign({}, base, override);
    expect(() => defineAction(definition)).toThrow(message);
  });
});

describe("defineCatalog", () => {
  it("rejects a definition filed under another key", () => {
    const input: Record<string, (typeof catalog)[keyof typeof catalog]> = {
      create_identity: catalog.update_identity,
    };
    expect(() => defineCatalog(input)).toThrow(
      'Catalog key "create_identity" holds the definition of "update_identity"',
    );
  });
});

/** Paths of strings without maxLength (and not enum/const) and arrays without maxItems. */
function findUnbounded(schema: JsonValue, path: string): string[] {
  if (!isJsonObject(schema)) return [];
  const found: string[] = [];
  const node: JsonObject = schema;
  if (
    node.type === "string" &&
    node.maxLength === undefined &&
    node.enum === undefined &&
    node.const === undefined
  ) {
    found.push(path);
  }
  if (node.type === "array" && node.maxItems === undefined) found.push(path);
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isJsonObject(value)) {
      for (const [name, child] of Object.entries(value))
        found.push(...findUnbounded(child, `${path}/properties/${name}`));
    } else if (key === "items") found.push(...findUnbounded(value, `${path}/items`));
    else if (key === "anyOf" && isJsonArray(value)) {
      value.forEach((child, index) => {
        found.push(...findUnbounded(child, `${path}/anyOf/${index}`));
      });
    }
  }
  return found;
}
