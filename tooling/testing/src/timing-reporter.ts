// A vitest reporter for `pnpm test`'s slowest-files table: how long each test file took, from
// its environment's set-up through its imports, hooks and tests (vitest's JSON report times
// only the tests, so a file whose `beforeAll` takes minutes looks instant there). Writes next
// to the JSON report (`--outputFile.json=x.json` → `x.timings.json`); without one, nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Reporter, TestModule, Vitest } from "vitest/node";

interface FileTiming {
  /** Relative to the project's root (the package). */
  file: string;
  seconds: number;
}

/** @public vitest loads it by path: `--reporter=<this file>` (test-all.ts). */
export default class TimingReporter implements Reporter {
  readonly #files: FileTiming[] = [];
  #target: string | null = null;
  #root = process.cwd();

  onInit(vitest: Vitest): void {
    const { outputFile, root } = vitest.config;
    const json = typeof outputFile === "string" ? undefined : outputFile?.json;
    this.#root = root;
    this.#target = json ? resolve(root, json.replace(/\.json$/, "")) + ".timings.json" : null;
  }

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    const ms =
      d.environmentSetupDuration +
      d.prepareDuration +
      d.collectDuration +
      d.setupDuration +
      d.duration;
    this.#files.push({
      file: relative(this.#root, module.moduleId),
      seconds: Math.round(ms) / 1000,
    });
  }

  onTestRunEnd(): void {
    if (this.#target === null) return;
    mkdirSync(dirname(this.#target), { recursive: true });
    writeFileSync(this.#target, `${JSON.stringify(this.#files, null, 2)}\n`);
  }
}
