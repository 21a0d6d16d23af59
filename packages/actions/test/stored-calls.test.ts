/**
 * Pending confirmations store parsed params and may outlive a rename (issue 17, items 6 and 8):
 * `storedCall` does not parse them again, and an action's old names resolve to it. A coach
 * turn's plan stores the model's calls as sent (`planned`), which the engine parses once.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  catalog,
  createActionKit,
  defineAction,
  defineCatalog,
  phaseActionsOf,
  phaseTransitions,
} from "./support/exports.ts";

const tagNote = defineAction({
  type: "tag_note",
  title: "Tag note",
  icon: "tag",
  description: "Stores a note with a marker (a transform that is not idempotent).",
  params: z.object({
    note: z
      .string()
      .max(20)
      .transform((note) => `n|${note}!`),
    level: z.int().min(1).max(3).default(1),
  }),
  result: z.object({}),
  invokers: ["coach", "user"],
  confirmation: true,
  phases: ["introduction"],
  renamedFrom: ["mark_note"],
});
const fixture = defineCatalog({ ...catalog, tag_note: tagNote });
const kit = createActionKit(fixture, { phaseActions: phaseActionsOf(fixture), phaseTransitions });

describe("stored calls", () => {
  it("apply a transform once: approving stored params equals the direct call", () => {
    const direct = kit.parseActionParams("tag_note", { note: "abc" });
    expect(direct).toMatchObject({ ok: true, call: { params: { note: "n|abc!", level: 1 } } });
    if (!direct.ok) return;
    const stored = JSON.parse(JSON.stringify(direct.call.params));
    expect(kit.storedCall("tag_note", stored)).toEqual(direct);
    // What approval did before: parse the stored output again.
    expect(kit.parseActionParams("tag_note", stored)).toMatchObject({
      call: { params: { note: "n|n|abc!!" } },
    });
  });

  it("keep a model reply's calls as sent: the engine's single parse gives the parsed call", () => {
    const reply = kit.parseModelResponse(
      "introduction",
      JSON.stringify({
        message: "Noted.",
        actions: [{ type: "tag_note", params: { note: "abc", level: null } }],
      }),
    );
    expect(reply.ok).toBe(true);
    expect(reply.actions).toEqual([{ type: "tag_note", params: { note: "n|abc!", level: 1 } }]);
    // A plan stores `planned`, and the engine parses it: the transform applies once.
    expect(reply.planned).toHaveLength(1);
    const [planned] = reply.planned;
    if (planned === undefined) return;
    expect(planned).toMatchObject({ type: "tag_note", params: { note: "abc" } });
    expect(kit.parseActionParams(planned.type, planned.params)).toEqual({
      ok: true,
      call: reply.actions[0],
    });
  });

  it("resolve an action's old name, and nothing else", () => {
    expect(kit.currentType("mark_note")).toBe("tag_note");
    expect(kit.currentType("tag_note")).toBe("tag_note");
    expect(kit.currentType("no_such_action")).toBeUndefined();
    expect(kit.storedCall("mark_note", { note: "n|x!", level: 2 })).toEqual({
      ok: true,
      call: { type: "tag_note", params: { note: "n|x!", level: 2 } },
    });
    expect(kit.storedCall("no_such_action", {})).toEqual({
      ok: false,
      error: { kind: "unknown_action" },
    });
    // The model and API callers use the current name only.
    expect(kit.parseActionParams("mark_note", { note: "x" }).ok).toBe(false);
  });

  it("reject an old name that is another action's name or claimed twice", () => {
    const clash = defineAction({
      ...tagNote,
      type: "clash_note",
      renamedFrom: ["create_identity"],
    });
    expect(() => defineCatalog({ ...catalog, clash_note: clash })).toThrow(
      'action clash_note: renamedFrom "create_identity" is already the name of create_identity',
    );
    const twice = defineAction({ ...tagNote, type: "other_note" });
    expect(() => defineCatalog({ tag_note: tagNote, other_note: twice })).toThrow(
      'renamedFrom "mark_note" is already the name of tag_note',
    );
  });
});
