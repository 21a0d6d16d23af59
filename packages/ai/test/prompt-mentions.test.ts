/**
 * Prompts against the catalog (issue 17, item 4): every action and param a prompt names in
 * backticks exists and is allowed in the prompt's phase; a stale name is reported with the
 * prompt file, the line and the name.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { promptMentionProblems } from "../src/prompts/catalog-mentions.ts";
import { defaultPromptsDir, loadPromptFiles } from "../src/prompts/prompt-files.ts";

describe("prompt files", () => {
  it("name only actions allowed in their phase, their params, and domain values", async () => {
    const problems = [];
    for (const prompt of await loadPromptFiles()) {
      const text = await readFile(join(defaultPromptsDir, prompt.file), "utf8");
      problems.push(...promptMentionProblems(prompt.file, prompt.phase, text));
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
    expect(promptMentionProblems("identity_commitment.md", "identity_commitment", text)).toEqual([
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
});
