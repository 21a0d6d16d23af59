// The same call over tRPC (the SDK), the plain-JSON route and MCP (the SDK's client over
// Streamable HTTP), against one in-process server on an in-memory PGlite database: a read
// (state.get / GET /api/state/get / get_state) and an action (actions.execute /
// POST /api/actions/execute / the action's tool). Calls alternate between the surfaces, the
// order rotating every round; each surface's median latency is compared with tRPC's.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { issueToken } from "@trellis/api";
import { createDb } from "@trellis/db";
import { createClient } from "@trellis/sdk";
import { createRuntime, silentLogger, startServer } from "@trellis/server";
import { log } from "../lib/log.ts";
import type { BenchResult, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const TARGET_RATIO = 1.1;
type Surface = "tRPC" | "REST" | "MCP";
const SURFACES: readonly Surface[] = ["tRPC", "REST", "MCP"];

interface Options {
  quick: boolean;
}

export async function surfacesBench(options: Options): Promise<BenchResult> {
  const startedAt = new Date();
  const rounds = options.quick ? 40 : 200;
  log("surfaces: opening an in-memory PGlite database and starting the server");
  const db = await createDb({ kind: "pglite", dataDir: "memory" });
  await db.migrate();
  const runtime = await createRuntime({ db, turnRecoveryMs: 3_600_000 });
  const server = await startServer({
    runtime,
    logger: silentLogger,
    port: 0,
    host: "127.0.0.1",
    limits: { userCallsPerWindow: 10_000_000, ipRequestsPerWindow: 10_000_000 },
  });
  const mcp = new Client({ name: "bench", version: "1" });
  try {
    const user = await db.prisma.user.create({
      data: {
        email: `surfaces-${crypto.randomUUID()}@bench.test`,
        firstName: "Bench",
        lastName: "Surfaces",
        coachState: { create: { phase: "identity_warm_up" } },
      },
    });
    const { token } = await issueToken(db, user.id, "bench");
    const trpc = createClient({ url: server.url, token });
    const headers = { authorization: `Bearer ${token}` };
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers },
      }),
    );
    const params = { items: ["a nurse", "curious"] };
    const calls: Record<"read" | "action", Record<Surface, () => Promise<unknown>>> = {
      read: {
        tRPC: () => trpc.state.get.query(),
        REST: async () => (await fetch(`${server.url}/api/state/get`, { headers })).json(),
        MCP: () => mcp.callTool({ name: "get_state", arguments: {} }),
      },
      action: {
        tRPC: () => trpc.actions.execute.mutate({ type: "update_who_you_are", params }),
        REST: async () =>
          (
            await fetch(`${server.url}/api/actions/execute`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify({ type: "update_who_you_are", params }),
            })
          ).json(),
        MCP: () => mcp.callTool({ name: "update_who_you_are", arguments: params }),
      },
    };
    const rows: Row[] = [];
    const details: Record<string, Record<Surface, number>> = {};
    for (const [kind, bySurface] of Object.entries(calls)) {
      log(`surfaces: ${kind}, ${rounds} rounds`);
      for (const surface of SURFACES) await bySurface[surface](); // warm up
      const samples: Record<Surface, number[]> = { tRPC: [], REST: [], MCP: [] };
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < SURFACES.length; i++) {
          const surface = SURFACES[(round + i) % SURFACES.length] ?? "tRPC";
          const started = performance.now();
          await bySurface[surface]();
          samples[surface].push(performance.now() - started);
        }
      }
      const medians = {
        tRPC: median(samples.tRPC),
        REST: median(samples.REST),
        MCP: median(samples.MCP),
      };
      details[kind] = medians;
      const label = kind === "read" ? "state.get" : "actions.execute";
      rows.push({
        metric: `${label} · tRPC (the SDK)`,
        value: round(medians.tRPC),
        unit: "ms",
        runs: rounds,
      });
      for (const surface of ["REST", "MCP"] as const) {
        const ratio = medians[surface] / medians.tRPC;
        rows.push({
          metric: `${label} · ${surface}`,
          value: round(medians[surface]),
          unit: "ms",
          runs: rounds,
          baseline: { label: "tRPC", value: round(medians.tRPC) },
          ratio: round(ratio),
          ratioMeaning: `${surface} latency / tRPC latency (median)`,
          target: `≤ ${TARGET_RATIO}× tRPC`,
          met: ratio <= TARGET_RATIO,
        });
      }
    }
    return {
      name: "surfaces",
      title: "The same call over tRPC, REST (plain JSON) and MCP",
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      quick: options.quick,
      rows,
      notes: [
        "One in-process server on in-memory PGlite; clients in the same process, one call at a time.",
        "MCP: one session (initialized once), each call a POST answered as SSE by the SDK's transport.",
      ],
      details,
    };
  } finally {
    await mcp.close();
    await server.close();
    await runtime.close();
    await db.close();
  }
}
