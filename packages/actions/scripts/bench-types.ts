/**
 * Type-check cost of a large catalog: generates N synthetic actions (default 1000) next to the
 * real ones, with phase rules, a kit and a handler contract, runs `tsc --extendedDiagnostics`
 * on them and prints the numbers. The generated folder is removed afterwards.
 *   node scripts/bench-types.ts [N]
 */
import { spawnSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { catalog, phases } from "../src/index.ts";

const count = Number(process.argv[2] ?? 1000);
const packageDir = path.resolve(import.meta.dirname, "..");
// Inside the package so `zod` resolves from its node_modules.
const dir = path.join(packageDir, ".bench-types");
const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin/tsc",
);

const name = (index: number) => `action_${String(index).padStart(4, "0")}`;

function actionFile(index: number): string {
  return `import { z } from "zod";
import { defineAction, ref } from "../../src/kit/index.ts";

export const ${name(index)} = defineAction({
  type: "${name(index)}",
  title: "Action ${index}",
  icon: "star",
  description: "Synthetic action ${index} for the type-check benchmark.",
  params: z.object({
    identityId: ref.identity(),
    name: z.string().trim().min(1).max(60),
    note: z.string().max(1000).optional(),
    tags: z.array(z.string().max(20)).max(5),
    kind: z.enum(["a", "b", "c"]),
  }),
  result: z.object({ id: z.string(), changed: z.boolean() }),
  invokers: ["coach", "user"],
  confirmation: ${index % 7 === 0},
});
`;
}

function indexFile(): string {
  const indices = Array.from({ length: count }, (_, index) => index);
  const perPhase = Math.ceil(count / phases.length);
  const phaseLines = phases.map((phase, position) => {
    const members = indices
      .slice(position * perPhase, (position + 1) * perPhase)
      .map((index) => `"${name(index)}"`);
    return `  ${phase}: [${members.join(", ")}],`;
  });
  return `${indices.map((index) => `import { ${name(index)} } from "./catalog/${name(index)}.ts";`).join("\n")}
import { catalog as real } from "../src/index.ts";
import {
  type CallOf,
  createActionKit,
  defineCatalog,
  type HandlersOf,
  type PhaseActionsOf,
  phaseTransitions,
} from "../src/kit/index.ts";

export const catalog = defineCatalog({
  ...real,
${indices.map((index) => `  ${name(index)},`).join("\n")}
});
export type Catalog = typeof catalog;
export const phaseActions: PhaseActionsOf<Catalog> = {
${phaseLines.join("\n")}
};
export const kit = createActionKit(catalog, { phaseActions, phaseTransitions });
export type Handlers = HandlersOf<Catalog, { userId: string }>;
export declare const handlers: Handlers;
export const server: Handlers = handlers;
export function describe(call: CallOf<Catalog>): string {
  return call.type === "${name(0)}" ? call.params.name : call.type;
}
export const parsed = kit.parseModelResponse("introduction", "{}");
`;
}

await rm(dir, { recursive: true, force: true });
await mkdir(path.join(dir, "catalog"), { recursive: true });
try {
  for (let index = 0; index < count; index += 1) {
    await writeFile(path.join(dir, "catalog", `${name(index)}.ts`), actionFile(index));
  }
  await writeFile(path.join(dir, "index.ts"), indexFile());
  await writeFile(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.json", files: ["index.ts"], include: [] }),
  );
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "--extendedDiagnostics", "-p", dir], {
    encoding: "utf8",
  });
  process.stdout.write(`${count} synthetic actions + ${Object.keys(catalog).length} real\n`);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exitCode = run.status ?? 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
