// Proof from outside the workspace: a project that knows Trellis only by its OpenAPI document
// generates types with openapi-typescript, type-checks a small openapi-fetch client with
// TypeScript 5.9 (strict; `@ts-expect-error` lines fail if the types were loose) and runs it
// against the test server: sign in with a token, read the state, execute an action, approve a
// pending one, page the log.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { npmInstall } from "@trellis/testing/npm-install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, seedPending, startHarness, type TestUser } from "./support.ts";

/** What the outside project installs (from the npm registry, cached across runs). */
const OPENAPI_TYPESCRIPT = "7.13.0";
const OPENAPI_FETCH = "0.17.0";
const TYPESCRIPT = "5.9.3";
const npmCache = path.join(tmpdir(), "trellis-openapi-npm-cache");
const MINUTES = 60_000;

function run(command: string, args: readonly string[], cwd: string, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * For commands that call the test server, which runs in this process: a synchronous spawn
 * would block the event loop that has to answer them.
 */
function runAsync(command: string, args: readonly string[], cwd: string, env = process.env) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    execFile(command, args, { cwd, env, encoding: "utf8" }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

const CLIENT = `import createClient from "openapi-fetch";
import type { paths } from "./trellis.ts";

declare const process: { env: Record<string, string | undefined> };

const client = createClient<paths>({
  baseUrl: process.env.TRELLIS_URL,
  headers: { authorization: \`Bearer \${process.env.TRELLIS_TOKEN}\` },
});

const me = await client.GET("/api/account/me");
if (!me.data) throw new Error(\`sign-in failed: \${JSON.stringify(me.error)}\`);
const firstName: string = me.data.firstName;

const state = await client.GET("/api/state/get");
if (!state.data) throw new Error("no state");
const pendingActionId = state.data.pending[0]?.id ?? "";
// @ts-expect-error the phase is one of the catalog's phases, not any string
const phase: "no_such_phase" = state.data.state.phase;

const approved = await client.POST("/api/pending/approve", { body: { pendingActionId } });
const again = await client.POST("/api/pending/approve", { body: { pendingActionId } });

const identityId = state.data.identities[0]?.id ?? "";
const executed = await client.POST("/api/actions/execute", {
  body: { type: "accept_i_am_statement", params: { identityId } },
  headers: { "Idempotency-Key": "outside-1" },
});
if (!executed.data) throw new Error("execute failed");
// @ts-expect-error params are checked against the action's definition
await client.POST("/api/actions/execute", { body: { type: "accept_i_am_statement", params: { identityId: 3 } } });

const first = await client.GET("/api/actions/log", { params: { query: { limit: 1 } } });
const cursor = first.data?.nextCursor ?? undefined;
const second = await client.GET("/api/actions/log", { params: { query: { limit: 1, cursor } } });

const denied = await createClient<paths>({ baseUrl: process.env.TRELLIS_URL }).GET("/api/state/get");

console.log(JSON.stringify({
  firstName,
  phase,
  executed: executed.data.status,
  approved: approved.data?.status,
  again: again.data?.status === "failed" ? again.data.error.kind : again.data?.status,
  pages: [first.data?.items[0]?.id, second.data?.items[0]?.id],
  createdAt: first.data?.items[0]?.createdAt,
  denied: [denied.response.status, denied.error?.data.code],
}));
`;

describe("an openapi-fetch client generated from /openapi.json", () => {
  let h: Harness;
  let user: TestUser;
  let project: string;

  beforeAll(async () => {
    h = await startHarness();
    user = await h.newUser({ firstName: "Outsider" });
    project = mkdtempSync(path.join(tmpdir(), "trellis-openapi-client-"));
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "outside",
        private: true,
        type: "module",
        dependencies: {
          "openapi-fetch": OPENAPI_FETCH,
          "openapi-typescript": OPENAPI_TYPESCRIPT,
          typescript: TYPESCRIPT,
        },
      }),
    );
    // Fails within a minute, naming the registry and the cause, when it cannot be reached.
    await npmInstall({ cwd: project, cache: npmCache });
  }, 10 * MINUTES);
  afterAll(async () => {
    rmSync(project, { recursive: true, force: true });
    await h.dispose();
  });

  it(
    "type-checks against the generated types and runs against the server",
    async () => {
      const generate = await runAsync(
        process.execPath,
        ["node_modules/openapi-typescript/bin/cli.js", `${h.url}/openapi.json`, "-o", "trellis.ts"],
        project,
      );
      expect(generate.output).not.toMatch(/error/i);
      expect(generate.status).toBe(0);
      writeFileSync(path.join(project, "client.ts"), CLIENT);
      writeFileSync(
        path.join(project, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "es2022",
            module: "nodenext",
            strict: true,
            noEmit: true,
            allowImportingTsExtensions: true,
            skipLibCheck: true,
            types: [],
            lib: ["es2022", "dom"],
          },
          files: ["client.ts"],
        }),
      );
      const check = run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."], project);
      expect(check.output).toBe("");
      expect(check.status).toBe(0);

      const { pendingActionId } = await seedPending(h, user.userId);
      const ran = await runAsync(process.execPath, ["client.ts"], project, {
        ...process.env,
        TRELLIS_URL: h.url,
        TRELLIS_TOKEN: user.token,
      });
      expect(ran.status, ran.output).toBe(0);
      const result = JSON.parse(ran.output.trim().split("\n").at(-1) ?? "null");
      expect(result).toMatchObject({
        firstName: "Outsider",
        phase: "i_am_statement",
        executed: "completed",
        approved: "completed",
        again: "not_found",
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        denied: [401, "UNAUTHORIZED"],
      });
      expect(result.pages[0]).not.toBe(result.pages[1]);
      const pending = await h.db.prisma.pendingAction.findUniqueOrThrow({
        where: { id: pendingActionId },
      });
      expect(pending.status).toBe("approved");
    },
    5 * MINUTES,
  );
});
