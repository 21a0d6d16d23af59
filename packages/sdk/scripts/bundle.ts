// Bundles the SDK the way a front-end would (esbuild, browser platform, minified, tree-shaken)
// next to the floor: @trpc/client + superjson alone, wired the same way. Shared by
// `pnpm --filter @trellis/sdk run size` and the bundle test.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleReport {
  bytes: number;
  gzipBytes: number;
  /** Every input file that ended up in the bundle. */
  inputs: string[];
}

const sdkDir = new URL("..", import.meta.url).pathname;

/** A front-end that uses the client (queries, mutations, subscriptions) and ActionType. */
const SDK_ENTRY = `
import { ActionType, createClient } from "./src/index.ts";
const client = createClient({ url: "/", token: "t" });
export const run = () => client.actions.execute.mutate({ type: ActionType.ADD_USER_NOTE, params: { note: "n" } });
export const listen = () => client.events.subscribe.subscribe(undefined, {});
`;

/** The same wiring with nothing of ours: the smallest a tRPC + superjson client can be. */
const FLOOR_ENTRY = `
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import superjson from "superjson";
const client = createTRPCClient({ links: [splitLink({
  condition: (op) => op.type === "subscription",
  true: httpSubscriptionLink({ url: "/trpc", transformer: superjson, connectionParams: () => ({ token: "t" }) }),
  false: httpBatchLink({ url: "/trpc", transformer: superjson, headers: () => ({ authorization: "Bearer t" }) }),
})] });
export const run = () => client.actions.execute.mutate({ type: "add_user_note", params: { note: "n" } });
export const listen = () => client.events.subscribe.subscribe(undefined, {});
`;

async function bundle(contents: string): Promise<BundleReport> {
  const result = await build({
    stdin: { contents, resolveDir: sdkDir, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
  };
}

export function bundleSdk(): Promise<BundleReport> {
  return bundle(SDK_ENTRY);
}

export function bundleFloor(): Promise<BundleReport> {
  return bundle(FLOOR_ENTRY);
}
