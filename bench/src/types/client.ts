// A front-end file that uses the SDK, in its own project inside the workspace copy: what a
// client developer's editor and CI type-check. Two ways to resolve @trellis/sdk:
// - "declarations": as a front-end app does, through the `types` condition to the SDK's built
//   declarations (`pnpm build`), which reach the server packages' declarations only;
// - "sources": with the workspace's `@trellis/source` condition, so it type-checks every server
//   source file it reaches (live types, what a package inside the workspace does).
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticType } from "./generate.ts";

export type ClientKind = "declarations" | "sources";

function syntheticCall(count: number): string {
  if (count === 0) return "";
  const type = syntheticType(count - 1);
  return `  const synthetic = await execute({
    type: "${type}",
    params: { identityId: "id-1", name: "n", tags: ["t"], kind: "b" },
  });
  if (synthetic.status === "completed") console.log(synthetic.result);
`;
}

function sdkClient(count: number): string {
  return `import { ActionType, createClient, type ExecuteInput, type RouterOutputs } from "@trellis/sdk";

const client = createClient({ url: "http://127.0.0.1:3000", token: "token" });

function execute(input: ExecuteInput) {
  return client.actions.execute.mutate(input);
}

export async function run(): Promise<void> {
  const created = await client.actions.execute.mutate({
    type: ActionType.CREATE_IDENTITY,
    params: { name: "Runner", category: "physical_expression" },
  });
  if (created.status === "completed") console.log(created.result);
  const turn = await client.chat.send.mutate({ message: "Hello" });
  console.log(turn);
  const state: RouterOutputs["state"]["get"] = await client.state.get.query({});
  console.log(state.state.phase);
${syntheticCall(count)}}

export function label(input: ExecuteInput): string {
  switch (input.type) {
    case ActionType.CREATE_IDENTITY:
      return input.params.name;
    case ActionType.TRANSITION_PHASE:
      return input.params.toPhase;
    default:
      return input.type;
  }
}
`;
}

/** Writes `<root>/bench-client-<kind>/` and returns its folder (type-check it with `tsc -p`). */
export function writeClientProject(root: string, count: number, kind: ClientKind): string {
  const dir = join(root, `bench-client-${kind}`);
  mkdirSync(join(dir, "node_modules", "@trellis"), { recursive: true });
  symlinkSync(join(root, "packages", "sdk"), join(dir, "node_modules", "@trellis", "sdk"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `bench-client-${kind}`, private: true, type: "module" }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        extends: "../tooling/tsconfig/isomorphic.json",
        compilerOptions: {
          lib: ["es2024", "dom"],
          ...(kind === "declarations" ? { customConditions: [] } : {}),
        },
        files: ["client.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "client.ts"), sdkClient(count));
  return dir;
}
