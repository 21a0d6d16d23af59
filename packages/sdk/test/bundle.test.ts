// What a front-end bundles: the client, ActionType and nothing of the server or the catalog.
import { describe, expect, it } from "vitest";
import { bundleFloor, bundleSdk } from "../scripts/bundle.ts";

describe("the SDK bundle", () => {
  it("contains no server code, no Prisma, no zod and no catalog", async () => {
    const sdk = await bundleSdk();
    const forbidden = sdk.inputs.filter((input) =>
      /(\/|^)(zod|@prisma|pg|openai|@electric-sql)\/|packages\/(api|actions|engine|db|ai)\/|apps\//.test(
        input,
      ),
    );
    expect(forbidden).toEqual([]);
    const ours = sdk.inputs.filter((input) => !input.includes("node_modules")).sort();
    expect(ours).toEqual([
      // The contract's runtime pieces a client needs: the context keys a prompt may use, and
      // which events end a turn's stream.
      "../contract/src/prompt-context-keys.ts",
      "../contract/src/turn-events.ts",
      "entry.ts",
      "src/action-type.ts",
      "src/client.ts",
      "src/compatibility.ts",
      "src/domain-values.ts",
      "src/errors.ts",
      "src/index.ts",
      "src/prompt-context-keys.ts",
      "src/turn-stream.ts",
      "src/turn-view.ts",
    ]);
  });

  it("stays within 2 KiB (gzip) of @trpc/client + superjson alone", async () => {
    const [sdk, floor] = await Promise.all([bundleSdk(), bundleFloor()]);
    expect(sdk.gzipBytes - floor.gzipBytes).toBeLessThan(2048);
  });
});
