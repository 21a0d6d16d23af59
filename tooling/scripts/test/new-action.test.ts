// The whole add-an-action loop in a temporary copy of the workspace: `new-action` scaffolds
// the definition and the handler side by side and generation registers them; the copy
// type-checks; the enum, the phase's response schema, tools and instructions pick the action up;
// a definition without its handler, or a handler file that is not one action's, is reported with
// the action and the file; an invalid option combination leaves nothing behind.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
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
const PACKAGES = [
  "packages/actions",
  "packages/contract",
  "packages/engine",
  "packages/db",
  "packages/tracing",
  // The surfaces beyond TypeScript (MCP tools, the OpenAPI document) and what they import.
  "packages/api",
  "packages/ai",
  "packages/scenarios",
  // The api's admin.evals router reads runs and makes cases through it.
  "packages/evals",
];
let copy: string;

/** Copies the packages' sources; node_modules entries point at the real ones, except ours. */
function copyWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), "trellis-new-action-"));
  cpSync(join(repo, "tooling", "tsconfig"), join(root, "tooling", "tsconfig"), { recursive: true });
  for (const generated of ["action-type.ts", "domain-values.ts"]) {
    cpSync(join(repo, "packages/sdk/src", generated), join(root, "packages/sdk/src", generated));
  }
  // Generation formats what it writes with the repository's Biome settings.
  cpSync(join(repo, "biome.json"), join(root, "biome.json"));
  cpSync(join(repo, "docs/actions"), join(root, "docs/actions"), { recursive: true });
  cpSync(join(repo, "docs/openapi.json"), join(root, "docs/openapi.json"));
  for (const pkg of PACKAGES) {
    cpSync(join(repo, pkg), join(root, pkg), {
      recursive: true,
      // Sources only: tests and configs need the test tooling, which the loop does not.
      filter: (source) =>
        !/node_modules|\.turbo|\/test$|vitest\.config\.ts$|bench-types\.ts$/.test(source),
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

/** Every file of the copy that generation or scaffolding may touch, with its content. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const dirs = [
    "packages/actions/src/catalog",
    "packages/engine/src/handlers",
    "packages/engine/src/handlers/actions",
    "packages/sdk/src",
    "docs/actions",
  ];
  for (const dir of dirs) {
    for (const entry of readdirSync(join(copy, dir), { withFileTypes: true })) {
      if (entry.isFile())
        files.set(`${dir}/${entry.name}`, readFileSync(join(copy, dir, entry.name), "utf8"));
    }
  }
  return files;
}

describe("pnpm new-action", () => {
  it("scaffolds, registers, and every derivation picks the action up", async () => {
    const files = scaffoldAction({
      root: copy,
      type: "celebrate_milestone",
      phases: ["identity_visualization"],
      invokers: ["coach", "user"],
      confirmation: true,
    });
    expect(files.map((f) => f.slice(copy.length))).toEqual([
      "/packages/actions/src/catalog/celebrate-milestone.ts",
      "/packages/engine/src/handlers/actions/celebrate-milestone.ts",
    ]);
    // Registered by generation, nothing else written by hand.
    expect(readFileSync(join(copy, "packages/sdk/src/action-type.ts"), "utf8")).toContain(
      'CELEBRATE_MILESTONE: "celebrate_milestone",',
    );
    expect(readFileSync(join(copy, "packages/engine/src/handlers/index.ts"), "utf8")).toContain(
      "celebrate_milestone: celebrateMilestone,",
    );
    expect(readFileSync(join(copy, "docs/actions/celebrate_milestone.md"), "utf8")).toContain(
      "Celebrate milestone",
    );
    expect(typecheck("packages/actions")).toEqual({ ok: true, output: "" });
    expect(typecheck("packages/engine")).toEqual({ ok: true, output: "" });

    const actions = await import(pathToFileURL(join(copy, "packages/actions/src/index.ts")).href);
    expect(actions.ActionType.CELEBRATE_MILESTONE).toBe("celebrate_milestone");
    expect(actions.catalog.celebrate_milestone.confirmation).toBe(true);
    expect(actions.coachActionsForPhase("identity_visualization")).toContain("celebrate_milestone");
    expect(actions.phasesOfAction("celebrate_milestone")).toEqual(["identity_visualization"]);
    expect(JSON.stringify(actions.responseJsonSchema("identity_visualization"))).toContain(
      "celebrate_milestone",
    );
    expect(
      actions
        .toolDefinitions("identity_visualization")
        .map((t: { function: { name: string } }) => t.function.name),
    ).toContain("celebrate_milestone");
    expect(actions.actionInstructions("identity_visualization")).toContain("celebrate_milestone");
    const kit = await import(pathToFileURL(join(copy, "packages/actions/src/kit/index.ts")).href);
    expect(kit.actions.docsModel().actions.map((a: { type: string }) => a.type)).toContain(
      "celebrate_milestone",
    );
  });

  it("is an MCP tool and an OpenAPI operation, with no edit outside its two files", async () => {
    const { mcpTools } = await import(
      pathToFileURL(join(copy, "packages/api/src/mcp/tools.ts")).href
    );
    const tool = mcpTools().get("celebrate_milestone");
    expect(tool).toMatchObject({ title: "Celebrate milestone", inputSchema: { type: "object" } });
    expect(tool.description).toContain("Needs the user's confirmation");
    expect(tool.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });

    // The checked-in document is stale until `pnpm generate` (which new-action runs) rewrites it.
    const openapi = (mode: string) =>
      execFileSync(process.execPath, [join(copy, "packages/api/scripts/openapi.ts"), mode], {
        cwd: copy,
        encoding: "utf8",
        stdio: "pipe",
      });
    expect(() => openapi("check")).toThrow(/docs\/openapi.json is stale/);
    expect(openapi("generate")).toContain("(written)");
    const document = JSON.parse(readFileSync(join(copy, "docs/openapi.json"), "utf8"));
    const variants: Array<{ properties: { type: { const: string }; params: unknown } }> =
      document.paths["/api/actions/execute"].post.requestBody.content["application/json"].schema
        .oneOf;
    const variant = variants.find((v) => v.properties.type.const === "celebrate_milestone");
    expect(variant?.properties.params).toMatchObject({ type: "object" });
    expect(openapi("check")).toContain("up to date");
  });

  it("refuses a bad name, an existing action or an invalid combination, writing nothing", () => {
    const before = snapshot();
    const request = { root: copy, phases: [], invokers: ["coach"], confirmation: false };
    expect(() => scaffoldAction({ ...request, type: "Bad-Name" })).toThrow(/snake_case/);
    expect(() => scaffoldAction({ ...request, type: "create_identity" })).toThrow(/already/);
    expect(() =>
      scaffoldAction({ ...request, type: "new_one", phases: ["no_such_phase"] }),
    ).toThrow(/no_such_phase/);
    expect(() =>
      scaffoldAction({ ...request, type: "new_one", invokers: ["user"], phases: ["introduction"] }),
    ).toThrow(/list "coach" among the invokers/);
    expect(() => scaffoldAction({ ...request, type: "new_one", confirmation: true })).toThrow(
      /needs confirmation/,
    );
    expect(snapshot()).toEqual(before);
  });

  it("names the action and the file when a definition has no handler, or a handler no definition", () => {
    const handler = join(copy, "packages/engine/src/handlers/actions/celebrate-milestone.ts");
    const source = readFileSync(handler, "utf8");
    rmSync(handler);
    try {
      expect(checkFailure()).toContain(
        'action celebrate_milestone: no handler. Defined in packages/actions/src/catalog/celebrate-milestone.ts; write `export const celebrateMilestone: Handler<"celebrate_milestone"> = …` in packages/engine/src/handlers/actions/celebrate-milestone.ts',
      );
    } finally {
      writeFileSync(handler, source);
    }
    // A renamed or removed action whose handler stayed behind.
    const stale = join(copy, "packages/engine/src/handlers/actions/cheer-milestone.ts");
    writeFileSync(
      stale,
      source
        .replaceAll("celebrate_milestone", "cheer_milestone")
        .replaceAll("celebrateMilestone", "cheerMilestone"),
    );
    try {
      const problems = checkFailure();
      expect(problems).toContain(
        "action cheer_milestone: packages/engine/src/handlers/actions/cheer-milestone.ts has a handler for it, but no definition in packages/actions/src/catalog/ defines it (renamed or removed?)",
      );
      expect(problems).toContain(
        'If renamed, move the handler to the new type\'s file and list "cheer_milestone" in the new definition\'s `renamedFrom`: confirmations still pending under the old name (open pending_action rows) then apply as the new action; without it they fail with "Unknown action type". If removed, delete the handler.',
      );
    } finally {
      rmSync(stale);
    }
    expect(runGenerate()).toContain("up to date");
  });

  it("keeps one handler per file, named like its definition's file", () => {
    const handlers = join(copy, "packages/engine/src/handlers/actions");
    const own = join(handlers, "celebrate-milestone.ts");
    const source = readFileSync(own, "utf8");
    const other = join(handlers, "mark-question-asked.ts");
    const otherSource = readFileSync(other, "utf8");
    const grouped = join(handlers, "milestones.ts");
    // Two handlers in one file (another action's), a helper beside a handler, and a file named
    // after no action: each reported, naming the file.
    writeFileSync(
      own,
      `${source}\nexport const markQuestionAsked: Handler<"mark_question_asked"> = async () => {\n  throw new Error("moved");\n};\n`,
    );
    writeFileSync(other, `${otherSource}\nexport const QUESTION_LIMIT = 5;\n`);
    writeFileSync(grouped, 'export { celebrateMilestone } from "./celebrate-milestone.ts";\n');
    try {
      const problems = checkFailure();
      expect(problems).toContain(
        "packages/engine/src/handlers/actions/celebrate-milestone.ts: exports markQuestionAsked, the handler of mark_question_asked; move it to packages/engine/src/handlers/actions/mark-question-asked.ts (one handler per file, named like its definition's file)",
      );
      expect(problems).toContain(
        "packages/engine/src/handlers/actions/mark-question-asked.ts: exports QUESTION_LIMIT besides the handler of mark_question_asked; one handler per file (shared code goes to packages/engine/src/handlers/, outside actions/)",
      );
      expect(problems).toContain(
        "packages/engine/src/handlers/actions/milestones.ts: no action is defined in packages/actions/src/catalog/milestones.ts; a handler file is named like its action's definition file (shared code goes to packages/engine/src/handlers/, outside actions/)",
      );
    } finally {
      writeFileSync(own, source);
      writeFileSync(other, otherSource);
      rmSync(grouped);
    }
    // A handler typed for one action in the file of another.
    writeFileSync(
      own,
      source.replace('Handler<"celebrate_milestone">', 'Handler<"add_user_note">'),
    );
    try {
      expect(checkFailure()).toContain(
        "packages/engine/src/handlers/actions/celebrate-milestone.ts: has a handler typed for add_user_note, but the file is celebrate_milestone's; move it to packages/engine/src/handlers/actions/add-user-note.ts",
      );
    } finally {
      writeFileSync(own, source);
    }
    expect(runGenerate()).toContain("up to date");
  });

  it("reports a rejected definition once, and a second definition of a type as a duplicate", () => {
    const catalogDir = join(copy, "packages/actions/src/catalog");
    const definition = join(catalogDir, "celebrate-milestone.ts");
    const source = readFileSync(definition, "utf8");
    // Invalid (phases without the coach): the handler beside it is not reported a second time.
    writeFileSync(definition, source.replace('invokers: ["coach", "user"]', 'invokers: ["user"]'));
    try {
      expect(problemHeads(checkFailure())).toEqual([
        'packages/actions/src/catalog/celebrate-milestone.ts: Invalid action definition "celebrate_milestone":',
      ]);
    } finally {
      writeFileSync(definition, source);
    }
    // In a file not named after its type.
    const misnamed = join(catalogDir, "milestone.ts");
    renameSync(definition, misnamed);
    try {
      expect(problemHeads(checkFailure())).toEqual([
        "action celebrate_milestone: defined in packages/actions/src/catalog/milestone.ts; rename the file to packages/actions/src/catalog/celebrate-milestone.ts (files are named after the action's type)",
      ]);
    } finally {
      renameSync(misnamed, definition);
    }
    // A second file defining the same type: a duplicate, not a file to rename.
    const copied = join(catalogDir, "celebrate-milestone-copy.ts");
    writeFileSync(copied, source);
    try {
      expect(problemHeads(checkFailure())).toEqual([
        "action celebrate_milestone: defined twice, in packages/actions/src/catalog/celebrate-milestone-copy.ts and packages/actions/src/catalog/celebrate-milestone.ts; an action is defined in one file (delete the copy, or give it a type of its own)",
      ]);
    } finally {
      rmSync(copied);
    }
    expect(runGenerate()).toContain("up to date");
  });

  it("warns, when an action is renamed without renamedFrom, that its pending confirmations would fail", () => {
    const definitions = join(copy, "packages/actions/src/catalog");
    const handlers = join(copy, "packages/engine/src/handlers/actions");
    const sources = {
      definition: readFileSync(join(definitions, "celebrate-milestone.ts"), "utf8"),
      handler: readFileSync(join(handlers, "celebrate-milestone.ts"), "utf8"),
    };
    const fileOf = (type: string) => `${type.replaceAll("_", "-")}.ts`;
    const identifierOf = (type: string) =>
      type.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
    /** Renames the action in both files; `extra` is added to the definition. */
    const rename = (from: string, to: string, extra = "") => {
      const renamed = (source: string) =>
        source.replaceAll(from, to).replaceAll(identifierOf(from), identifierOf(to));
      rmSync(join(definitions, fileOf(from)));
      writeFileSync(
        join(definitions, fileOf(to)),
        renamed(sources.definition).replace("  confirmation:", `${extra}  confirmation:`),
      );
      rmSync(join(handlers, fileOf(from)));
      writeFileSync(join(handlers, fileOf(to)), renamed(sources.handler));
    };
    // Renamed with the old name kept, but the handler left under it: one move to make.
    rename("celebrate_milestone", "cheer_milestone", '  renamedFrom: ["celebrate_milestone"],\n');
    rmSync(join(handlers, "cheer-milestone.ts"));
    writeFileSync(join(handlers, "celebrate-milestone.ts"), sources.handler);
    try {
      expect(problemHeads(checkFailure())).toEqual([
        'action celebrate_milestone: renamed to cheer_milestone (its definition lists "celebrate_milestone" in `renamedFrom`), but packages/engine/src/handlers/actions/celebrate-milestone.ts still has a handler for celebrate_milestone; move it to packages/engine/src/handlers/actions/cheer-milestone.ts, typed Handler<"cheer_milestone">',
      ]);
    } finally {
      rmSync(join(handlers, "celebrate-milestone.ts"));
      writeFileSync(join(handlers, "cheer-milestone.ts"), sources.handler);
      rename("cheer_milestone", "celebrate_milestone");
    }
    // Renamed without `renamedFrom`: generation goes ahead, and warns.
    rename("celebrate_milestone", "cheer_milestone");
    const renamed = generate("generate");
    expect(renamed.status).toBe(0);
    expect(renamed.stderr).toBe(
      'warning: action celebrate_milestone is defined no more (packages/actions/src/catalog/index.ts registered it), and no definition lists it in `renamedFrom`. Confirmations still pending under that name (open pending_action rows) fail with "Unknown action type" when approved. If it was renamed, list "celebrate_milestone" in the new definition\'s `renamedFrom` to keep them valid; the server names such rows when it starts.\n',
    );
    // Renamed back, with the old name kept: nothing to warn about.
    rename("cheer_milestone", "celebrate_milestone", '  renamedFrom: ["cheer_milestone"],\n');
    const back = generate("generate");
    expect({ status: back.status, stderr: back.stderr }).toEqual({ status: 0, stderr: "" });
    writeFileSync(join(definitions, "celebrate-milestone.ts"), sources.definition);
    expect(generate("generate").status).toBe(0);
    expect(runGenerate()).toContain("up to date");
  });

  it("renames an action through its type alone: no handler code keeps the old name", () => {
    const definitions = join(copy, "packages/actions/src/catalog");
    const handlers = join(copy, "packages/engine/src/handlers/actions");
    const originals = {
      definition: readFileSync(join(definitions, "archive-identity.ts"), "utf8"),
      handler: readFileSync(join(handlers, "archive-identity.ts"), "utf8"),
    };
    // What a rename takes: the definition's type (the old one kept in `renamedFrom`), the
    // handler's declared type, the two file names and the exported name.
    rmSync(join(definitions, "archive-identity.ts"));
    rmSync(join(handlers, "archive-identity.ts"));
    writeFileSync(
      join(definitions, "retire-identity.ts"),
      originals.definition
        .replace(
          'type: "archive_identity",',
          'type: "retire_identity",\n  renamedFrom: ["archive_identity"],',
        )
        .replace("archiveIdentity", "retireIdentity"),
    );
    writeFileSync(
      join(handlers, "retire-identity.ts"),
      originals.handler
        .replace('Handler<"archive_identity">', 'Handler<"retire_identity">')
        .replace("archiveIdentity", "retireIdentity"),
    );
    try {
      const renamed = generate("generate");
      expect({ status: renamed.status, stderr: renamed.stderr }).toEqual({ status: 0, stderr: "" });
      expect(typecheck("packages/engine")).toEqual({ ok: true, output: "" });
      // Errors name the action being run (ctx.actionType), not a string the rename missed.
      const stale = readdirSync(join(copy, "packages/engine/src"), { recursive: true })
        .map(String)
        .filter((file) => file.endsWith(".ts"))
        .filter((file) =>
          readFileSync(join(copy, "packages/engine/src", file), "utf8").includes(
            "archive_identity",
          ),
        );
      expect(stale).toEqual([]);
    } finally {
      rmSync(join(definitions, "retire-identity.ts"));
      rmSync(join(handlers, "retire-identity.ts"));
      writeFileSync(join(definitions, "archive-identity.ts"), originals.definition);
      writeFileSync(join(handlers, "archive-identity.ts"), originals.handler);
    }
    expect(generate("generate").status).toBe(0);
    expect(runGenerate()).toContain("up to date");
  });
});

function generate(mode: "generate" | "check") {
  return spawnSync(process.execPath, [join(copy, "packages/actions/scripts/generate.ts"), mode], {
    cwd: copy,
    encoding: "utf8",
  });
}

/** The first line of each problem (continuation lines are indented). */
function problemHeads(problems: string): string[] {
  return problems.split("\n").filter((line) => line !== "" && !line.startsWith(" "));
}

function runGenerate(): string {
  return execFileSync(
    process.execPath,
    [join(copy, "packages/actions/scripts/generate.ts"), "check"],
    { cwd: copy, encoding: "utf8", stdio: "pipe" },
  );
}

/** The problems `generate check` reports (it must fail). */
function checkFailure(): string {
  try {
    runGenerate();
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error("generation must fail");
}
