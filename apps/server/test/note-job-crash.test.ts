// PostgreSQL, several processes: a note-taker job running in a server process killed with
// SIGKILL is run again by another process as soon as the dead one is reaped (its heartbeat
// silent for 3 s): the process registry hands the jobs it had claimed to pg-boss, which fails
// that attempt and runs it again at once. pg-boss's own heartbeat timeout is set to 120 s here,
// so only the registry can finish the job within the test's bound.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ScriptedNoteModel } from "@trellis/ai";
import { killWhenJobRuns, noteJobStates } from "@trellis/ai/testing";
import { createTestDb, createTestUser, type TestDb, testDatabaseKind } from "@trellis/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime } from "../src/runtime.ts";

const child = join(import.meta.dirname, "fixtures", "note-job-child.ts");
const onPostgres = testDatabaseKind() === "postgres";

let db: TestDb;
beforeAll(async () => {
  if (onPostgres) db = await createTestDb();
}, 120_000);
afterAll(() => db?.dispose());

it.runIf(onPostgres)(
  "a note job whose process was killed is done within seconds of another process being up",
  async () => {
    if (db.kind !== "postgres") throw new Error("expected PostgreSQL");
    const userId = await createTestUser(db, { lastName: "Lovelace" });
    const { id: messageId } = await db.prisma.chatMessage.create({
      data: { userId, role: "user", content: "I have two daughters." },
    });
    await killWhenJobRuns(
      spawn(process.execPath, [child], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: {
          ...process.env,
          NOTE_CHILD_DB_URL: db.url,
          NOTE_CHILD_USER: userId,
          NOTE_CHILD_MESSAGE: messageId,
        },
      }),
    );

    const stateOf = () => noteJobStates(db, messageId);
    expect(await stateOf()).toEqual(["active"]);
    const restartedAt = Date.now();
    const runtime = await createRuntime({
      db,
      seedPrompts: false,
      noteQueue: { heartbeatSeconds: 120 },
      noteModel: new ScriptedNoteModel(),
    });
    try {
      // Reaped 3 s after its last heartbeat, then run at once; room for a loaded machine, far
      // below pg-boss's heartbeat timeout (120 s here).
      await expect.poll(stateOf, { timeout: 60_000, interval: 100 }).toEqual(["completed"]);
      console.info(`note job completed ${Date.now() - restartedAt} ms after the restart`);
      const notes = await db.prisma.userNote.findMany({ where: { userId } });
      expect(notes.map((note) => note.note)).toEqual(["I have two daughters"]);
    } finally {
      await runtime.close();
    }
  },
  180_000,
);
