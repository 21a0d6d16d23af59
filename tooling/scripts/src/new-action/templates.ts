// The two files a new action starts from: its definition and its handler. Both compile as
// written, so the type checker starts guiding from a green state.
import type { ActionNames } from "./names.ts";

export interface ScaffoldOptions {
  invokers: readonly string[];
  confirmation: boolean;
  phases: readonly string[];
}

export function definitionSource(names: ActionNames, options: ScaffoldOptions): string {
  return `import { z } from "zod";
import { defineAction } from "../define/define-action.ts";

export const ${names.identifier} = defineAction({
  type: "${names.type}",
  title: "${names.title}",
  icon: "sparkles",
  description: "Describe for the model what ${names.type} does and when to use it.",
  params: z.object({
    note: z.string().trim().min(1).max(500).describe("Replace with the action's parameters."),
  }),
  result: z.object({
    note: z.string().describe("Replace with what the handler returns."),
  }),
  invokers: [${options.invokers.map((i) => `"${i}"`).join(", ")}],
  confirmation: ${options.confirmation},${options.phases.length > 0 ? `\n  phases: [${options.phases.map((p) => `"${p}"`).join(", ")}],` : ""}
});
`;
}

export function handlerSource(names: ActionNames): string {
  return `import type { Handler } from "../handler.ts";

export const ${names.identifier}: Handler<"${names.type}"> = async (_ctx, params) => {
  // Read and write through ctx.tx, scoped to ctx.userId: it commits with the audit row.
  return { result: { note: params.note }, summary: \`${names.title}: \${params.note}\` };
};
`;
}
