// N synthetic actions in a workspace copy, exactly where real ones live: a definition in
// packages/actions/src/catalog (listed in the catalog and in one phase's rules) and a handler in
// packages/engine/src/handlers/actions (registered in the handler map that must satisfy
// ActionHandlers), and its constant in the SDK's ActionType literal when the SDK exists. Shaped like packages/actions/scripts/bench-types.ts: a reference, strings,
// an optional field, an array and an enum; every seventh needs confirmation.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { phases } from "@trellis/actions";

export const syntheticType = (index: number) => `bench_action_${String(index).padStart(4, "0")}`;
const identifier = (index: number) => `benchAction${String(index).padStart(4, "0")}`;
const file = (index: number) => `bench-action-${String(index).padStart(4, "0")}`;

function definition(index: number): string {
  return `import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { ref } from "../define/refs.ts";

export const ${identifier(index)} = defineAction({
  type: "${syntheticType(index)}",
  title: "Bench action ${index}",
  icon: "star",
  description: "Synthetic action ${index} for the type-check benchmark: it notes something about an identity.",
  params: z.object({
    identityId: ref.identity("The identity it is about."),
    name: z.string().trim().min(1).max(60).describe("A short name."),
    note: z.string().max(1000).optional().describe("An optional note."),
    tags: z.array(z.string().max(20)).max(5).describe("Up to five tags."),
    kind: z.enum(["a", "b", "c"]).describe("Which kind."),
  }),
  result: z.object({
    identityId: z.string().describe("The identity."),
    changed: z.boolean().describe("Whether anything changed."),
  }),
  invokers: ["coach", "user"],
  confirmation: ${index % 7 === 0},
});
`;
}

function handler(index: number): string {
  return `import type { Handler } from "../handler.ts";
import { findIdentity } from "../identities.ts";

export const ${identifier(index)}: Handler<"${syntheticType(index)}"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, "${syntheticType(index)}", params.identityId);
  const changed = params.kind !== "a" || params.tags.length > 0;
  if (changed) {
    await ctx.tx.identity.update({
      where: { id: identity.id },
      data: { notes: { push: params.note ?? params.name } },
    });
  }
  return {
    result: { identityId: identity.id, changed },
    summary: \`Bench action ${index} on '\${identity.name}'\`,
  };
};
`;
}

/** Inserts lines after the last import. */
function addImports(source: string, lines: readonly string[]): string {
  const last = [...source.matchAll(/^import [^;]*;$/gms)].at(-1);
  if (!last || last.index === undefined) throw new Error("no import statement found");
  const end = last.index + last[0].length;
  return `${source.slice(0, end)}\n${lines.join("\n")}${source.slice(end)}`;
}

/**
 * Appends entries (each followed by `separator`) to the object literal or object type opened by
 * `opener` (closed by a `}` at column 0).
 */
function addEntries(
  source: string,
  opener: string,
  entries: readonly string[],
  separator = ",",
): string {
  const start = source.indexOf(opener);
  if (start < 0) throw new Error(`cannot find '${opener}'`);
  const close = source.indexOf("\n}", start);
  if (close < 0) throw new Error(`cannot find the end of '${opener}'`);
  return `${source.slice(0, close)}\n${entries.map((entry) => `  ${entry}${separator}`).join("\n")}${source.slice(close)}`;
}

/** Puts each type in one phase's list (round robin), before `transition_phase`. */
function addToPhases(source: string, types: readonly string[]): string {
  let result = source;
  phases.forEach((phase, position) => {
    const mine = types.filter((_, index) => index % phases.length === position);
    if (mine.length === 0) return;
    const pattern = new RegExp(`(\\n  ${phase}: \\[)([^\\]]*?)("transition_phase")`, "s");
    if (!pattern.test(result)) throw new Error(`cannot find the action list of phase '${phase}'`);
    result = result.replace(
      pattern,
      (_all, head: string, middle: string, tail: string) =>
        `${head}${middle}${mine.map((type) => `"${type}", `).join("")}${tail}`,
    );
  });
  return result;
}

function edit(path: string, change: (source: string) => string): void {
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

export function addSyntheticActions(root: string, count: number): void {
  if (count === 0) return;
  const actions = join(root, "packages", "actions", "src");
  const handlers = join(root, "packages", "engine", "src", "handlers");
  mkdirSync(join(handlers, "actions"), { recursive: true });
  const indices = Array.from({ length: count }, (_, index) => index);
  for (const index of indices) {
    writeFileSync(join(actions, "catalog", `${file(index)}.ts`), definition(index));
    writeFileSync(join(handlers, "actions", `${file(index)}.ts`), handler(index));
  }
  edit(join(actions, "catalog", "index.ts"), (source) =>
    addEntries(
      addEntries(
        addImports(
          source,
          indices.map((index) => `import { ${identifier(index)} } from "./${file(index)}.ts";`),
        ),
        "export type Catalog = {",
        indices.map((index) => `readonly ${syntheticType(index)}: typeof ${identifier(index)}`),
        ";",
      ),
      "defineCatalog<Catalog>({",
      indices.map((index) => `${syntheticType(index)}: ${identifier(index)}`),
    ),
  );
  edit(join(handlers, "index.ts"), (source) =>
    addEntries(
      addImports(
        source,
        indices.map(
          (index) => `import { ${identifier(index)} } from "./actions/${file(index)}.ts";`,
        ),
      ),
      "export const handlers = {",
      indices.map((index) => `${syntheticType(index)}: ${identifier(index)}`),
    ),
  );
  edit(join(actions, "rules", "coaching-rules.ts"), (source) =>
    addToPhases(source, indices.map(syntheticType)),
  );
  // The SDK's ActionType constants: a literal checked against the catalog both ways.
  const sdkConstants = join(root, "packages", "sdk", "src", "action-type.ts");
  if (existsSync(sdkConstants)) {
    edit(sdkConstants, (source) => {
      const end = source.indexOf("} as const satisfies");
      if (end < 0) throw new Error("cannot find the end of the SDK's ActionType literal");
      const lines = indices.map(
        (index) => `  ${syntheticType(index).toUpperCase()}: "${syntheticType(index)}",\n`,
      );
      return `${source.slice(0, end)}${lines.join("")}${source.slice(end)}`;
    });
  }
}
