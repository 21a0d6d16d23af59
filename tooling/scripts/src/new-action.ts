// pnpm new-action <type> [--phase p1,p2] [--invokers coach,user] [--confirm]
// Scaffolds an action's definition (packages/actions) and handler (packages/engine), side by
// side, then runs `pnpm generate`, which registers them (catalog, handler map, SDK constants,
// docs). If anything fails (an invalid option combination is rejected by defineAction there),
// both files are removed again: the tree is left as it was.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { namesOf } from "./new-action/names.ts";
import { definitionSource, handlerSource } from "./new-action/templates.ts";

export interface NewActionRequest {
  root: string;
  type: string;
  phases: readonly string[];
  invokers: readonly string[];
  confirmation: boolean;
}

/** Writes the definition and the handler and registers them; returns the two files. */
export function scaffoldAction(request: NewActionRequest): string[] {
  const names = namesOf(request.type);
  const definitionFile = join(request.root, "packages/actions/src/catalog", `${names.file}.ts`);
  const handlerFile = join(
    request.root,
    "packages/engine/src/handlers/actions",
    `${names.file}.ts`,
  );
  for (const file of [definitionFile, handlerFile]) {
    if (existsSync(file)) throw new Error(`${file} already exists`);
  }
  const files = [definitionFile, handlerFile];
  writeFileSync(definitionFile, definitionSource(names, request));
  writeFileSync(handlerFile, handlerSource(names));
  try {
    // Generation checks the definition (defineAction: invokers, confirmation, phases) and that
    // the type is new, and writes nothing when it finds a problem.
    execFileSync(
      process.execPath,
      [join(request.root, "packages/actions/scripts/generate.ts"), "generate"],
      { cwd: request.root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    for (const file of files) rmSync(file, { force: true });
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(
      `${names.type} was not added, nothing was written:\n${String(stderr ?? error)}`,
    );
  }
  return files;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      phase: { type: "string", default: "" },
      invokers: { type: "string", default: "coach,user" },
      confirm: { type: "boolean", default: false },
      root: { type: "string", default: join(import.meta.dirname, "..", "..", "..") },
      "skip-format": { type: "boolean", default: false },
    },
  });
  const type = positionals[0];
  if (!type) {
    console.error(
      "usage: pnpm new-action <snake_case_type> [--phase p1,p2] [--invokers coach,user] [--confirm]",
    );
    process.exit(2);
  }
  const split = (text: string) =>
    text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  let files: string[];
  try {
    files = scaffoldAction({
      root: values.root,
      type,
      phases: split(values.phase),
      invokers: split(values.invokers),
      confirmation: values.confirm,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  if (!values["skip-format"]) {
    execFileSync("pnpm", ["exec", "biome", "format", "--write", ...files], {
      cwd: values.root,
      stdio: "inherit",
    });
  }
  console.log(`\nScaffolded and registered ${type}:\n${files.map((f) => `  ${f}`).join("\n")}`);
  console.log(
    "\nNext: edit the params/result schemas and the handler; `pnpm typecheck` names any mismatch.",
  );
}

if (import.meta.main) main();
