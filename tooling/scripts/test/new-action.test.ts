// The whole add-an-action loop in a temporary copy of the workspace: `new-action` scaffolds
// the definition and the handler side by side; the copy type-checks; the enum, the phase's
// response schema, tools and instructions pick the action up; and a missing handler is a
// type error that names the action.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldAction } from "../src/new-action.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const PACKAGES = ["packages/actions", "packages/engine", "packages/db"];
let copy: string;

/** Copies the packages' sources; node_modules entries point at the real ones, except ours. */
function copyWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), "trellis-new-action-"));
  cpSync(join(repo, "tooling", "tsconfig"), join(root, "tooling", "tsconfig"), { recursive: true });
  cpSync(
    join(repo, "packages/sdk/src/action-type.ts"),
    join(root, "packages/sdk/src/action-type.ts"),
  );
  for (const pkg of PACKAGES) {
    cpSync(join(repo, pkg), join(root, pkg), {
      recursive: true,
      // Sources only: tests and configs need the test tooling, which the loop does not.
      filter: (source) =>
        !/node_modules|\.turbo|\/test$|\/scripts$|vitest\.config\.ts$/.test(source),
    });
    const modules = join(repo, pkg, "node_modules");
    for (const entry of readdirSync(modules)) {
      if (entry === "@trellis") continue;
      mkdirSync(join(root, pkg, "node_modules"), { recursive: true });
      symlinkSync(realpathSync(join(modules, entry)), join(root, pkg, "node_modules", entry));
    }
    mkdirSync(join(root, pkg, "node_modules", "@trellis"), { recursive: true });
    for (const entry of readdirSync(join(modules, "@trellis"))) {
      const target =
        entry === "tsconfig" ? join(root, "tooling", "tsconfig") : join(root, "packages", entry);
      symlinkSync(target, join(root, pkg, "node_modules", "@trellis", entry));
    }
  }
  return root;
}

function typecheck(pkg: string): { ok: boolean; output: string } {
  try {
    execFileSync(join(repo, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", join(copy, pkg)], {
      encoding: "utf8",
    });
    return { ok: true, output: "" };
  } catch (error) {
    const out = error as { stdout?: string };
    return { ok: false, output: String(out.stdout ?? "") };
  }
}

beforeAll(() => {
  copy = copyWorkspace();
});
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe("pnpm new-action", () => {
  it("scaffolds, registers, and every derivation picks the action up", async () => {
    const files = scaffoldAction({
      root: copy,
      type: "celebrate_milestone",
      phases: ["identity_visualization"],
      invokers: ["coach", "user"],
      confirmation: false,
    });
    expect(files.map((f) => f.slice(copy.length))).toEqual([
      "/packages/actions/src/catalog/celebrate-milestone.ts",
      "/packages/engine/src/handlers/actions/celebrate-milestone.ts",
      "/packages/actions/src/catalog/index.ts",
      "/packages/engine/src/handlers/index.ts",
      "/packages/sdk/src/action-type.ts",
      "/packages/actions/src/rules/coaching-rules.ts",
    ]);
    expect(readFileSync(join(copy, "packages/sdk/src/action-type.ts"), "utf8")).toContain(
      'CELEBRATE_MILESTONE: "celebrate_milestone",',
    );
    expect(typecheck("packages/actions")).toEqual({ ok: true, output: "" });
    expect(typecheck("packages/engine")).toEqual({ ok: true, output: "" });

    const actions = await import(pathToFileURL(join(copy, "packages/actions/src/index.ts")).href);
    expect(actions.ActionType.CELEBRATE_MILESTONE).toBe("celebrate_milestone");
    expect(actions.coachActionsForPhase("identity_visualization")).toContain("celebrate_milestone");
    expect(JSON.stringify(actions.responseJsonSchema("identity_visualization"))).toContain(
      "celebrate_milestone",
    );
    expect(
      actions
        .toolDefinitions("identity_visualization")
        .map((t: { function: { name: string } }) => t.function.name),
    ).toContain("celebrate_milestone");
    expect(actions.actionInstructions("identity_visualization")).toContain("celebrate_milestone");
    expect(actions.docsModel().actions.map((a: { type: string }) => a.type)).toContain(
      "celebrate_milestone",
    );
  });

  it("refuses a name that is not snake_case or already exists, writing nothing", () => {
    const request = { root: copy, phases: [], invokers: ["coach"], confirmation: false };
    expect(() => scaffoldAction({ ...request, type: "Bad-Name" })).toThrow(/snake_case/);
    expect(() => scaffoldAction({ ...request, type: "create_identity" })).toThrow(/already/);
    expect(() =>
      scaffoldAction({ ...request, type: "new_one", phases: ["no_such_phase"] }),
    ).toThrow(/no_such_phase/);
    expect(readFileSync(join(copy, "packages/actions/src/catalog/index.ts"), "utf8")).not.toContain(
      "new_one",
    );
  });

  it("a missing handler fails type-checking with an error naming the action", () => {
    const index = join(copy, "packages/engine/src/handlers/index.ts");
    const source = readFileSync(index, "utf8");
    writeFileSync(index, source.replace(/\n\s*celebrate_milestone: celebrateMilestone,/, ""));
    const result = typecheck("packages/engine");
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/celebrate_milestone/);
  });
});
