// For tests of a note-taker job whose process dies mid-job: a child process runs the job and
// says so over IPC ({ type: "running" }); the test kills it there and watches the job's state.
import type { ChildProcess } from "node:child_process";
import type { Db } from "@trellis/db";

/** Kills the child with SIGKILL once it says its job is running; resolves when it is gone. */
export async function killWhenJobRuns(child: ChildProcess): Promise<void> {
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: { type?: string }) => {
      if (message.type === "running") resolve();
    });
    child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
  });
  child.kill("SIGKILL");
  const signal = await exited;
  if (signal !== "SIGKILL") throw new Error(`the child ended by ${signal}, not SIGKILL`);
}

/** pg-boss's states of the note-taker jobs queued for one message. */
export async function noteJobStates(db: Db, messageId: string): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ state: string }[]>`
    SELECT state FROM pgboss.job
    WHERE name = 'trellis-note-taker' AND data->>'messageId' = ${messageId}`;
  return rows.map((row) => row.state);
}
