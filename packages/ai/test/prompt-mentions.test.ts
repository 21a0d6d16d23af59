/**
 * Prompts against the catalog (issue 17, item 4): every action and param a prompt names in
 * backticks exists and is allowed in the prompt's phase, and each param belongs to the action
 * it is mentioned with (issue 21, item 9); a stale name is reported with the prompt file, the
 * line and the name.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { catalog } from "@trellis/actions";
import {
  actions,
  createActionKit,
  defineAction,
  defineCatalog,
  phaseActionsOf,
  phaseTransitions,
} from "@trellis/actions/kit";
import { describe, expect, it } from "vitest";
import { promptMentionProblems } from "../src/prompts/catalog-mentions.ts";
import { defaultPromptsDir, loadPromptFiles } from "../src/prompts/prompt-files.ts";

describe("prompt files", () => {
  it("name only actions allowed in their phase, their params, and domain values", async () => {
    const problems = [];
    for (const prompt of await loadPromptFiles()) {
      const text = await readFile(join(defaultPromptsDir, prompt.file), "utf8");
      problems.push(...promptMentionProblems(actions, prompt.file, prompt.phase, text));
    }
    expect(problems).toEqual([]);
  });

  it("report a removed action, an action of another phase and a renamed param, with the line", () => {
    const text = [
      "---",
      "phase: identity_commitment",
      "---",
      "Call `accept_identity_commitment`, or `nest_identity` with `nestedIdentityId`.",
      "Then call `commit_identity` and `create_identity` with a `firstNote`.",
    ].join("\n");
    expect(
      promptMentionProblems(actions, "identity_commitment.md", "identity_commitment", text),
    ).toEqual([
      {
        file: "identity_commitment.md",
        line: 5,
        name: "commit_identity",
        message:
          "`commit_identity` is no action, no param of an action allowed in phase identity_commitment, and no value of the domain (renamed or removed?)",
      },
      {
        file: "identity_commitment.md",
        line: 5,
        name: "create_identity",
        message: "action create_identity is not allowed in phase identity_commitment",
      },
      {
        file: "identity_commitment.md",
        line: 5,
        name: "firstNote",
        message:
          "`firstNote` is no action, no param of an action allowed in phase identity_commitment, and no value of the domain (renamed or removed?)",
      },
    ]);
  });

  describe("check each param against the action it is mentioned with", () => {
    // The real catalog, but create_identity has lost its `note` (add_identity_note, allowed in
    // the same phases, still has one).
    const withoutNote = defineCatalog({
      ...catalog,
      create_identity: defineAction({
        ...catalog.create_identity,
        params: catalog.create_identity.params.omit({ note: true }),
      }),
    });
    const kit = createActionKit(withoutNote, {
      phaseActions: phaseActionsOf(withoutNote),
      phaseTransitions,
    });
    const check = (text: string) =>
      promptMentionProblems(kit, "identity_brainstorming.md", "identity_brainstorming", text);

    it("reports a param its action lost, though another action of the phase has it", () => {
      expect(
        check("- Call `create_identity` with a name and a `note` capturing why it matters."),
      ).toEqual([
        {
          file: "identity_brainstorming.md",
          line: 1,
          name: "note",
          message:
            "`note` is no param of create_identity, the action it is mentioned with (a param of add_identity_note; renamed or removed?)",
        },
      ]);
    });

    it("ties a param to the nearest action named before it in its list item or paragraph", () => {
      const text = [
        "- Call `add_identity_note` with a `note`, then `create_identity` with a `name` and a `note`.",
        "- Use `add_identity_note` to keep",
        "  the details in a `note`.",
        "",
        "Call `add_identity_note`.",
        "",
        "Then add a `note`.",
        "- Call `create_identity`.",
        "- Give it a `note`.",
      ].join("\n");
      const unattached =
        "`note` is a param (of add_identity_note), but no action is named before it in its paragraph or list item: name the action it belongs to";
      expect(check(text)).toEqual([
        {
          file: "identity_brainstorming.md",
          line: 1,
          name: "note",
          message:
            "`note` is no param of create_identity, the action it is mentioned with (a param of add_identity_note; renamed or removed?)",
        },
        { file: "identity_brainstorming.md", line: 7, name: "note", message: unattached },
        { file: "identity_brainstorming.md", line: 9, name: "note", message: unattached },
      ]);
    });

    it("fails the real brainstorming prompt once create_identity loses `note`", async () => {
      const text = await readFile(join(defaultPromptsDir, "identity_brainstorming.md"), "utf8");
      expect(
        promptMentionProblems(actions, "identity_brainstorming.md", "identity_brainstorming", text),
      ).toEqual([]);
      expect(check(text).map(({ name, message }) => ({ name, message }))).toEqual([
        {
          name: "note",
          message:
            "`note` is no param of create_identity, the action it is mentioned with (a param of add_identity_note; renamed or removed?)",
        },
      ]);
    });
  });
});
