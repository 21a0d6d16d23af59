/**
 * Generates or checks docs/actions from the catalog.
 *   node scripts/docs.ts generate   write every file, delete stale .md files
 *   node scripts/docs.ts check      exit 1 listing stale, missing and extra files
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { docsModel, renderDocs } from "../src/index.ts";

const docsDir = path.resolve(import.meta.dirname, "../../../docs/actions");

async function existingFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const names = await readdir(docsDir).catch(() => []);
  for (const name of names.filter((entry) => entry.endsWith(".md")).sort()) {
    files.set(name, await readFile(path.join(docsDir, name), "utf8"));
  }
  return files;
}

async function generate(): Promise<void> {
  const expected = renderDocs(docsModel());
  const existing = await existingFiles();
  await mkdir(docsDir, { recursive: true });
  for (const file of expected) {
    if (existing.get(file.path) !== file.content) {
      await writeFile(path.join(docsDir, file.path), file.content);
    }
    existing.delete(file.path);
  }
  for (const extra of existing.keys()) await rm(path.join(docsDir, extra));
  console.log(`docs/actions: ${expected.length} files up to date`);
}

async function check(): Promise<number> {
  const expected = renderDocs(docsModel());
  const existing = await existingFiles();
  const problems: string[] = [];
  for (const file of expected) {
    const current = existing.get(file.path);
    if (current === undefined) problems.push(`missing: docs/actions/${file.path}`);
    else if (current !== file.content) problems.push(`stale:   docs/actions/${file.path}`);
    existing.delete(file.path);
  }
  for (const extra of existing.keys()) problems.push(`extra:   docs/actions/${extra}`);
  if (problems.length === 0) {
    console.log(`docs/actions: ${expected.length} files up to date`);
    return 0;
  }
  console.error(problems.join("\n"));
  console.error("Run `pnpm docs:generate` to update them.");
  return 1;
}

const mode = process.argv[2];
if (mode === "generate") await generate();
else if (mode === "check") process.exitCode = await check();
else {
  console.error("usage: node scripts/docs.ts generate|check");
  process.exitCode = 2;
}
