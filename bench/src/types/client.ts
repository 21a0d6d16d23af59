// A front-end file that uses the catalog's types, in its own project inside the workspace copy:
// what a client developer's editor and CI type-check. With the SDK (once @trellis/sdk is in the
// workspace) it calls `client.actions.execute.mutate`; before that, it builds the same
// `actions.execute`-style discriminated call from @trellis/actions types alone.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticType } from "./generate.ts";

export type ClientKind = "sdk" | "actions";

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

function actionsClient(count: number): string {
  return `import type { ActionParamsInput, ActionResult, ActionType } from "@trellis/actions";

/** The discriminated input of \`actions.execute\`: params typed by \`type\`. */
export type ExecuteInput = {
  [T in ActionType]: { type: T; params: ActionParamsInput<T>; idempotencyKey?: string };
}[ActionType];

export type Outcome<T extends ActionType> =
  | { status: "completed"; type: T; result: ActionResult<T>; summary: string }
  | { status: "failed"; type: T; summary: string };

declare function execute<I extends ExecuteInput>(input: I): Promise<Outcome<I["type"]>>;

export async function run(): Promise<void> {
  const created = await execute({
    type: "create_identity",
    params: { name: "Runner", category: "physical_expression" },
  });
  if (created.status === "completed") {
    const id: string = created.result.identityId;
    const noted = await execute({ type: "add_identity_note", params: { identityId: id, note: "Runs daily" } });
    console.log(noted.summary);
  }
${syntheticCall(count)}}

export function label(input: ExecuteInput): string {
  switch (input.type) {
    case "create_identity":
      return input.params.name;
    case "transition_phase":
      return input.params.toPhase;
    default:
      return input.type;
  }
}
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

/** Writes `<root>/bench-client/` and returns its folder (type-check it with `tsc -p`). */
export function writeClientProject(root: string, count: number, kind: ClientKind): string {
  const dir = join(root, `bench-client-${kind}`);
  mkdirSync(join(dir, "node_modules", "@trellis"), { recursive: true });
  const pkg = kind === "sdk" ? "sdk" : "actions";
  symlinkSync(join(root, "packages", pkg), join(dir, "node_modules", "@trellis", pkg));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `bench-client-${kind}`, private: true, type: "module" }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        extends: "../tooling/tsconfig/isomorphic.json",
        compilerOptions: { lib: ["es2024", "dom"] },
        files: ["client.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "client.ts"), kind === "sdk" ? sdkClient(count) : actionsClient(count));
  return dir;
}
