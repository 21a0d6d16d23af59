// vitest globalSetup: builds the app once per run from the current sources (a stale dist/
// must not stand in for them) into a temporary folder the test files serve.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    trellisWebDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(join(tmpdir(), "trellis-web-"));
  await build({
    configFile: join(import.meta.dirname, "..", "vite.config.ts"),
    root: join(import.meta.dirname, ".."),
    logLevel: "error",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  project.provide("trellisWebDir", outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
