// checkServer against real tRPC servers (the standalone adapter, superjson like Trellis) that
// speak this SDK's API version, another one, or none (a server from before versioning).
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { API_VERSION, ApiVersionMismatchError, checkServer, createClient } from "../src/index.ts";

const t = initTRPC.create({ transformer: superjson });
const servers: ReturnType<typeof createHTTPServer>[] = [];

/** A server whose router is `procedures`, and a Trellis client pointed at it. */
async function clientOf(procedures: Parameters<typeof t.router>[0]) {
  const server = createHTTPServer({ router: t.router(procedures), basePath: "/trpc/" });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not a TCP server");
  return createClient({ url: `http://127.0.0.1:${address.port}`, token: "t" });
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("checkServer", () => {
  it("resolves for a server that speaks the SDK's API version", async () => {
    const client = await clientOf({ apiVersion: t.procedure.query(() => ({ api: API_VERSION })) });
    await expect(checkServer(client)).resolves.toBeUndefined();
  });

  it("rejects a server of another API version, naming both", async () => {
    const client = await clientOf({
      apiVersion: t.procedure.query(() => ({ api: API_VERSION + 1 })),
    });
    const error = await checkServer(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiVersionMismatchError);
    expect(error).toMatchObject({ serverVersion: API_VERSION + 1, sdkVersion: API_VERSION });
    expect(String(error)).toContain(`speaks Trellis API ${API_VERSION}, the server speaks API 2`);
  });

  it("rejects a server from before API versions", async () => {
    const client = await clientOf({ health: t.procedure.query(() => ({ status: "ok" })) });
    const error = await checkServer(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ApiVersionMismatchError", serverVersion: null });
  });
});
