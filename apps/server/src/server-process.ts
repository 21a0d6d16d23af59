// A server as its own operating-system process (`node src/main.ts`, what `pnpm start` runs),
// for the tests and benchmarks of several processes on one database: each has its own memory,
// event loop, pools and listener connection, and can be killed with SIGKILL mid-turn.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Sends `signal` (default SIGTERM: a clean stop) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a server process with `env` over the defaults; resolves once it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-process-"));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      TRELLIS_WEB_DIR: "none",
      TRELLIS_DEMO_FILE: join(dir, "demo.json"),
      LOG_LEVEL: "warn",
      LOG_PRETTY: "false",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await listening(child, options.timeoutMs ?? 120_000);
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
  };
}

/** The URL the process prints once it listens; its output so far if it exits first. */
function listening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server process did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      output += chunk;
      const match = /Trellis is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        // Keep draining its output so that the process never blocks on a full pipe.
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the server process exited (${code ?? signal}) before listening:\n${output}`),
      );
    });
  });
}
