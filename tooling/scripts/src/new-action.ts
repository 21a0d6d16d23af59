// pnpm new-action <type> [--phase p1,p2] [--invokers coach,user] [--confirm]
// Scaffolds an action's definition (packages/actions) and handler (packages/engine), side by
// side, and registers both; then formats them and regenerates the docs. From there the type
// checker names whatever the definition and the handler still disagree on.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { namesOf } from "./new-action/names.ts";
import { addEntry, addImport, addToPhases } from "./new-action/register.ts";
import { definitionSource, handlerSource } from "./new-action/templates.ts";

export interface NewActionRequest {
  root: string;
  type: string;
  phases: readonly string[];
  invokers: readonly string[];
  confirmation: boolean;
}

export function scaffoldAction(request: NewActionRequest): string[] {
  const names = namesOf(request.type);
  const actions = join(request.root, "packages", "actions", "src");
  const engine = join(request.root, "packages", "engine", "src", "handlers");
  const definitionFile = join(actions, "catalog", `${names.file}.ts`);
  const handlerFile = join(engine, "actions", `${names.file}.ts`);
  for (const file of [definitionFile, handlerFile]) {
    if (existsSync(file)) throw new Error(`${file} already exists`);
  }
  const catalogIndex = join(actions, "catalog", "index.ts");
  const handlerIndex = join(engine, "index.ts");
  const rules = join(actions, "rules", "coaching-rules.ts");
  // The SDK keeps a literal copy of the constants (checked against the catalog both ways) so
  // that browsers do not bundle zod and the catalog.
  const sdkConstants = join(request.root, "packages", "sdk", "src", "action-type.ts");
  if (readFileSync(catalogIndex, "utf8").includes(`${names.type}:`)) {
    throw new Error(`${names.type} is already in the catalog`);
  }

  const edits = new Map<string, string>([
    [definitionFile, definitionSource(names, request)],
    [handlerFile, handlerSource(names)],
    [
      catalogIndex,
      addEntry(
        addEntry(
          addImport(
            readFileSync(catalogIndex, "utf8"),
            `import { ${names.identifier} } from "./${names.file}.ts";`,
          ),
          "export type Catalog = {",
          `readonly ${names.type}: typeof ${names.identifier}`,
          ";",
        ),
        "defineCatalog<Catalog>({",
        `${names.type}: ${names.identifier}`,
      ),
    ],
    [
      handlerIndex,
      addEntry(
        addImport(
          readFileSync(handlerIndex, "utf8"),
          `import { ${names.identifier} } from "./actions/${names.file}.ts";`,
        ),
        "export const handlers = {",
        `${names.type}: ${names.identifier}`,
      ),
    ],
  ]);
  if (existsSync(sdkConstants)) {
    edits.set(
      sdkConstants,
      addEntry(
        readFileSync(sdkConstants, "utf8"),
        "export const ActionType = Object.freeze({",
        `${names.type.toUpperCase()}: "${names.type}"`,
      ),
    );
  }
  if (request.phases.length > 0) {
    edits.set(rules, addToPhases(readFileSync(rules, "utf8"), names.type, request.phases));
  }
  // Every edit is computed before anything is written: a failure leaves the tree untouched.
  for (const [file, text] of edits) writeFileSync(file, text);
  return [...edits.keys()];
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
  const files = scaffoldAction({
    root: values.root,
    type,
    phases: split(values.phase),
    invokers: split(values.invokers),
    confirmation: values.confirm,
  });
  if (!values["skip-format"]) {
    execFileSync("pnpm", ["exec", "biome", "format", "--write", ...files], {
      cwd: values.root,
      stdio: "inherit",
    });
    execFileSync("pnpm", ["run", "docs:generate"], { cwd: values.root, stdio: "inherit" });
  }
  console.log(`\nScaffolded ${type}:\n${files.map((f) => `  ${f}`).join("\n")}`);
  console.log(
    "\nNext: edit the params/result schemas and the handler; `pnpm typecheck` names any mismatch.",
  );
}

if (import.meta.main) main();
