// N synthetic actions in a workspace copy, exactly where real ones live: a definition in
// packages/actions/src/catalog (allowed in one phase) and a handler in
// packages/engine/src/handlers/actions, registered by `pnpm generate` as real ones are (catalog,
// handler map, SDK constants). Shaped like packages/actions/scripts/bench-types.ts: a reference, strings,
// an optional field, an array and an enum; every seventh needs confirmation.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
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
  phases: ["${phases[index % phases.length]}"],
});
`;
}

function handler(index: number): string {
  return `import type { Handler } from "../handler.ts";
import { findIdentity } from "../identities.ts";

export const ${identifier(index)}: Handler<"${syntheticType(index)}"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
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
  // Registration (catalog, handler map, SDK constants) is generated, as for a real action.
  execFileSync(process.execPath, [join(root, "packages/actions/scripts/generate.ts"), "generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
