// `pnpm start` as a person runs it: the server's own entry (src/main.ts) in a child process,
// configured by its environment, its data in a folder that outlives the process. Tests start
// it, read the sign-in link it prints, stop it (SIGTERM) and start it again on the same folder.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";

const MAIN = join(import.meta.dirname, "..", "..", "server", "src", "main.ts");

export interface Started {
  url: string;
  /** The sign-in link it printed: `<url>/#token=trl_…`. */
  link: string;
  token: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the restarted server must come back on the same one). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startMain(env: Record<string, string>): Promise<Started> {
  const inherited = { ...process.env };
  // The embedded database in `env`'s folder, the scripted coach: nothing from the test run.
  delete inherited.DATABASE_URL;
  delete inherited.OPENAI_API_KEY;
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...inherited, LOG_LEVEL: "warn", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  const link = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/\S+\/#token=(trl_\S+))/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`pnpm start exited (${code}):\n${output}`)));
  });
  const token = new URL(link).hash.slice("#token=".length);
  return {
    url: new URL(link).origin,
    link,
    token,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
