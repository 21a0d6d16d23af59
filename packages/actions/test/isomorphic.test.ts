import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = path.resolve(import.meta.dirname, "../src");

/** Everything under src/ must run in a browser: zod only, no Node built-ins or globals. */
const forbidden = [
  /from\s+["']node:/,
  /import\(\s*["']node:/,
  /from\s+["'](fs|path|os|crypto|child_process|url|util|buffer|stream)["']/,
  /\brequire\(/,
  /\bprocess\./,
  /\bBuffer\b/,
  /\b__dirname\b/,
  /from\s+["'](?!zod["'])[^."'][^"']*["']/,
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("src is isomorphic", () => {
  it("imports nothing but zod and its own modules, and uses no Node globals", async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(srcDir)) {
      const text = await readFile(file, "utf8");
      for (const pattern of forbidden) {
        if (pattern.test(text)) offenders.push(`${path.relative(srcDir, file)}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("uses .ts extensions on relative imports and no TypeScript-only runtime syntax", async () => {
    for (const file of await sourceFiles(srcDir)) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toMatch(/from\s+["']\.{1,2}\/[^"']*(?<!\.ts)["']/);
      expect(text, file).not.toMatch(/^\s*(export\s+)?(const\s+)?enum\s/m);
      expect(text, file).not.toMatch(/^\s*(export\s+)?namespace\s/m);
    }
  });
});
