// Benchmark 4, SDK size: what a front-end ships. esbuild bundles a small app that uses the SDK
// (createClient with queries, mutations and the SSE subscription, plus ActionType) for the
// browser, minified and tree-shaken, and gzips it; the floor is the same app wired with
// @trpc/client + superjson alone, bundled the same way in the same run. The SDK's ActionType
// constants grow with the catalog, so the SDK is also bundled from a workspace copy with 1,000
// synthetic actions (see ../types).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BenchResult, Row } from "../lib/report.ts";
import { round } from "../lib/stats.ts";
import { addSyntheticActions } from "../types/generate.ts";
import { copyWorkspace, repoRoot, workspacePackages } from "../types/workspace.ts";

/** The target: at most 3 KB (taken as KiB) of gzip over the floor. */
const TARGET_OVER_FLOOR_BYTES = 3 * 1024;

interface Options {
  quick: boolean;
}

interface Bundle {
  bytes: number;
  gzipBytes: number;
  inputs: string[];
}

const sdkEntry = (from: string) => `
import { ActionType, createClient } from "${from}";
const client = createClient({ url: "/", token: "t" });
export const run = () =>
  client.actions.execute.mutate({ type: ActionType.ADD_IDENTITY_NOTE, params: { identityId: "i", note: "n" } });
export const send = () => client.chat.send.mutate({ message: "Hello" });
export const state = () => client.state.get.query({});
export const listen = () => client.events.subscribe.subscribe(undefined, { onData: (event) => console.log(event) });
`;

const FLOOR_ENTRY = `
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import superjson from "superjson";
const client = createTRPCClient({ links: [splitLink({
  condition: (op) => op.type === "subscription",
  true: httpSubscriptionLink({ url: "/trpc", transformer: superjson, connectionParams: async () => ({ token: "t" }) }),
  false: httpBatchLink({ url: "/trpc", transformer: superjson, headers: async () => ({ authorization: "Bearer t" }) }),
})] });
export const run = () =>
  client.actions.execute.mutate({ type: "add_identity_note", params: { identityId: "i", note: "n" } });
export const send = () => client.chat.send.mutate({ message: "Hello" });
export const state = () => client.state.get.query({});
export const listen = () => client.events.subscribe.subscribe(undefined, { onData: (event) => console.log(event) });
`;

async function bundle(contents: string, resolveDir: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "app.ts" },
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
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

export async function sdkBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const benchDir = join(repoRoot, "bench");
  const floor = await bundle(FLOOR_ENTRY, benchDir);
  const sdk = await bundle(sdkEntry("@trellis/sdk"), benchDir);
  const notes: string[] = [];
  const foreign = sdk.inputs.filter((input) =>
    /(^|\/)(zod|@prisma|pg|@trellis\/(api|actions|engine|db|ai))\//.test(input),
  );
  if (foreign.length > 0)
    notes.push(`server-side modules in the SDK bundle: ${foreign.join(", ")}`);
  const over = sdk.gzipBytes - floor.gzipBytes;
  const rows: Row[] = [
    {
      metric: "SDK app bundle, gzip",
      value: sdk.gzipBytes,
      unit: "bytes",
      runs: 1,
      baseline: { label: "@trpc/client + superjson", value: floor.gzipBytes },
      ratio: round(sdk.gzipBytes / floor.gzipBytes, 3),
      ratioMeaning: "size",
    },
    {
      metric: "SDK over the floor, gzip",
      value: over,
      unit: "bytes",
      runs: 1,
      target: `≤ ${TARGET_OVER_FLOOR_BYTES} (3 KiB)`,
      met: over <= TARGET_OVER_FLOOR_BYTES,
    },
    {
      metric: "SDK app bundle, minified",
      value: sdk.bytes,
      unit: "bytes",
      runs: 1,
      baseline: { label: "@trpc/client + superjson", value: floor.bytes },
      ratio: round(sdk.bytes / floor.bytes, 3),
      ratioMeaning: "size",
    },
  ];
  const details: BenchResult["details"] = {
    floor: { bytes: floor.bytes, gzipBytes: floor.gzipBytes },
    sdk: {
      bytes: sdk.bytes,
      gzipBytes: sdk.gzipBytes,
      ourModules: sdk.inputs.filter((input) => !input.includes("node_modules")),
    },
  };
  if (!options.quick) {
    // The same app against a workspace copy whose catalog has 1,000 more actions.
    const packages = workspacePackages();
    const root = copyWorkspace(packages);
    try {
      addSyntheticActions(root, 1000);
      const large = await bundle(sdkEntry("./src/index.ts"), join(root, "packages", "sdk"));
      const largeOver = large.gzipBytes - floor.gzipBytes;
      rows.push({
        metric: "SDK over the floor, gzip · +1,000 actions",
        value: largeOver,
        unit: "bytes",
        runs: 1,
        baseline: { label: "real catalog", value: over },
        ratio: round(largeOver / over, 2),
        ratioMeaning: "size",
        note: "the ActionType constants are one literal per action",
      });
      details.sdkWith1000Actions = { bytes: large.bytes, gzipBytes: large.gzipBytes };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  notes.push(
    "esbuild, browser platform, ESM, minified, tree-shaken; gzip level 9. The app uses a mutation, a query, chat.send and the events subscription.",
  );
  return {
    name: "sdk",
    title: "SDK size",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: performance.now() - started,
    quick: options.quick,
    rows,
    notes,
    details,
  };
}
