// Computes every generated file in memory (formatted as Biome formats the rest of the
// repository), then compares or writes. Nothing is written unless every file could be computed.
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { defineCatalog } from "../../src/define/define-catalog.ts";
import type { AnyActionDefinition } from "../../src/define/define-action.ts";
import { renderDocs } from "../../src/docs/markdown.ts";
import { createActionKit } from "../../src/kit/create-action-kit.ts";
import { phaseActionsOf } from "../../src/rules/phase-rules.ts";
import { phaseTransitions } from "../../src/rules/phase-transitions.ts";
import { discover, generatedPaths } from "./discover.ts";
import {
  renderCatalogIndex,
  renderHandlersIndex,
  renderSdkActionType,
  renderSdkDomainValues,
} from "./render.ts";

interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface GenerationPlan {
  readonly root: string;
  readonly files: readonly GeneratedFile[];
  /** Generated docs files that exist but are no longer generated (removed actions). */
  readonly extraDocs: readonly string[];
  /** `stale: …` / `missing: …` / `extra: …` lines, repository-relative. */
  readonly stale: readonly string[];
  /** Definitions or handlers that cannot be registered; nothing is generated then. */
  readonly problems: readonly string[];
  /** What generation may go ahead with but a developer must hear about (a vanished action). */
  readonly warnings: readonly string[];
}

const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

/** Biome's formatting of a source text (biome.json at the root), so `format:check` passes. */
function format(root: string, file: string, content: string): string {
  return execFileSync(
    process.execPath,
    [biome, "format", "--vcs-enabled=false", `--stdin-file-path=${path.relative(root, file)}`],
    { cwd: root, input: content, encoding: "utf8" },
  );
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

export async function planGeneration(root: string): Promise<GenerationPlan> {
  const paths = generatedPaths(root);
  const { definitions, handlers, problems } = await discover(root, paths);
  if (problems.length > 0) {
    return { root, files: [], extraDocs: [], stale: [], problems, warnings: [] };
  }

  const catalog = defineCatalog(
    Object.fromEntries(
      definitions.map(({ definition }): [string, AnyActionDefinition] => [
        definition.type,
        definition,
      ]),
    ),
  );
  const kit = createActionKit(catalog, {
    phaseActions: phaseActionsOf(catalog),
    phaseTransitions,
  });
  const files: GeneratedFile[] = [
    { path: paths.catalogIndex, content: renderCatalogIndex(paths, definitions) },
    { path: paths.handlersIndex, content: renderHandlersIndex(paths, definitions, handlers) },
    { path: paths.sdkActionType, content: renderSdkActionType(definitions) },
    { path: paths.sdkDomainValues, content: renderSdkDomainValues() },
  ].map((file) => ({ ...file, content: format(root, file.path, file.content) }));
  for (const doc of renderDocs(kit.docsModel())) {
    files.push({ path: path.join(paths.docsDir, doc.path), content: doc.content });
  }

  const generated = new Set(files.map((file) => file.path));
  const existingDocs = (await readdir(paths.docsDir).catch(() => []))
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join(paths.docsDir, name));
  const extraDocs = existingDocs.filter((file) => !generated.has(file)).sort();
  const stale: string[] = [];
  for (const file of files) {
    const current = await readOrUndefined(file.path);
    if (current === undefined) stale.push(`missing: ${path.relative(root, file.path)}`);
    else if (current !== file.content) stale.push(`stale:   ${path.relative(root, file.path)}`);
  }
  for (const extra of extraDocs) stale.push(`extra:   ${path.relative(root, extra)}`);
  const warnings = vanishedActionWarnings(
    path.relative(root, paths.catalogIndex),
    await readOrUndefined(paths.catalogIndex),
    definitions.map(({ definition }) => definition),
  );
  return { root, files, extraDocs, stale, problems, warnings };
}

/**
 * Actions the current catalog index registers that no definition defines or lists in
 * `renamedFrom`: renamed without it, or removed. Confirmations still pending under such a name
 * fail when approved; only the database knows whether there are any (the server reports them
 * when it starts), so this warns rather than fails.
 */
function vanishedActionWarnings(
  indexFile: string,
  index: string | undefined,
  definitions: readonly AnyActionDefinition[],
): string[] {
  const known = new Set(definitions.flatMap((each) => [each.type, ...(each.renamedFrom ?? [])]));
  const registered = [...(index ?? "").matchAll(/^\s+readonly (\w+): typeof \w+;$/gm)].map(
    (match) => match[1] ?? "",
  );
  return registered
    .filter((type) => !known.has(type))
    .map(
      (type) =>
        `action ${type} is defined no more (${indexFile} registered it), and no definition lists ` +
        "it in `renamedFrom`. Confirmations still pending under that name (open pending_action " +
        'rows) fail with "Unknown action type" when approved. If it was renamed, list ' +
        `"${type}" in the new definition's \`renamedFrom\` to keep them valid; the server names ` +
        "such rows when it starts.",
    );
}

/** Writes the files whose content changed and deletes stale docs; returns what it touched. */
export async function writePlan(plan: GenerationPlan): Promise<string[]> {
  const touched: string[] = [];
  for (const file of plan.files) {
    if ((await readOrUndefined(file.path)) === file.content) continue;
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    touched.push(file.path);
  }
  for (const extra of plan.extraDocs) {
    await rm(extra);
    touched.push(extra);
  }
  return touched;
}
