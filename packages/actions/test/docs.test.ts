import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  actionTypes,
  docsModel,
  paramsJsonSchema,
  renderDocs,
  resultJsonSchema,
  strictParamsJsonSchema,
} from "./support/exports.ts";

const docsDir = path.resolve(import.meta.dirname, "../../../docs/actions");

describe("docs", () => {
  const files = renderDocs(docsModel());
  const byPath = new Map(files.map((file) => [file.path, file.content]));

  it("has a README and one page per action", () => {
    expect(files.map((file) => file.path)).toEqual([
      "README.md",
      ...actionTypes.map((type) => `${type}.md`),
    ]);
  });

  it("is deterministic", () => {
    expect(renderDocs(docsModel())).toEqual(files);
  });

  it("has an overview table, a phase × action matrix and a mermaid phase graph", () => {
    const readme = byPath.get("README.md") ?? "";
    expect(readme).toContain("| Type | Title | Invokers | Confirmation | Phases |");
    expect(readme).toContain(
      "| [`combine_identities`](combine_identities.md) | Combine identities | coach, user | yes | `brainstorming_review` |",
    );
    expect(readme).toContain("| `show_canned_replies` | ✓ |");
    expect(readme).toContain("```mermaid\nflowchart TD");
    expect(readme).toContain("  introduction --> get_to_know_you");
    expect(readme).toContain("  brainstorming_review -.-> identity_brainstorming");
    for (const type of actionTypes) expect(readme).toContain(`[\`${type}\`](${type}.md)`);
  });

  it("shows each action's description, phases, invokers and real JSON Schemas", () => {
    for (const type of actionTypes) {
      const page = byPath.get(`${type}.md`) ?? "";
      const blocks = [...page.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) =>
        JSON.parse(match[1] ?? ""),
      );
      expect(blocks).toEqual([
        paramsJsonSchema(type),
        strictParamsJsonSchema(type),
        resultJsonSchema(type),
      ]);
      expect(page).toContain("| Invokers |");
      expect(page).toContain("| Phases |");
    }
    expect(byPath.get("add_user_note.md")).toContain("none (not available to the coach)");
    expect(byPath.get("nest_identity.md")).toContain(
      "`nestedIdentityId` → identity, `parentIdentityId` → identity",
    );
  });

  it("matches the committed docs/actions (`pnpm generate` writes them)", async () => {
    const onDisk = (await readdir(docsDir)).filter((name) => name.endsWith(".md")).sort();
    expect(onDisk).toEqual([...byPath.keys()].sort());
    for (const name of onDisk) {
      expect(await readFile(path.join(docsDir, name), "utf8"), name).toBe(byPath.get(name));
    }
  });
});
