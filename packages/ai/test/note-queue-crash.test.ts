// Note-taker jobs survive a crash on both databases: a server process killed (SIGKILL) while a
// job runs leaves it `active`; the next process retries it within heartbeat + check interval
// (pg-boss heartbeats), not after the queue's whole expiry window, and it completes once. This
// is the queue alone, without claims: the server's process registry runs a claimed job again
// as soon as its process is reaped (apps/server/test/note-job-crash.test.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, type DbConfig } from "@trellis/db";
import { createTestDb, createTestUser, type TestDb, testDatabaseKind } from "@trellis/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { ScriptedNoteModel } from "../src/notes/note-model.ts";
import { killWhenJobRuns, noteJobStates } from "../src/testing/index.ts";
import { startNoteQueue } from "./fixtures/note-queue.ts";

const child = join(import.meta.dirname, "fixtures", "note-queue-child.ts");

let config: DbConfig;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  if (testDatabaseKind() === "postgres") {
    const db: TestDb = await createTestDb();
    if (db.kind !== "postgres") throw new Error("expected PostgreSQL");
    config = { kind: "postgres", url: db.url };
    await db.close();
    cleanup = () => db.dispose();
  } else {
    // The child and the restarted process must open the same files.
    const dir = await mkdtemp(join(tmpdir(), "trellis-note-crash-"));
    config = { kind: "pglite", dataDir: dir };
    const prepared = inject("trellisTestDatabase");
    if (prepared.kind !== "pglite") throw new Error("expected PGlite");
    // On disk this time, from the global setup's migrated snapshot.
    const db = await createDb({
      ...config,
      loadDataDir: await openAsBlob(prepared.migratedSnapshot),
    });
    await db.close();
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
}, 120_000);
afterAll(() => cleanup());

async function withDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const db = await createDb(config);
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

function startChild(userId: string, messageId: string): ChildProcess {
  return spawn(process.execPath, [child], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: {
      ...process.env,
      NOTE_CHILD_DB: JSON.stringify(config),
      NOTE_CHILD_USER: userId,
      NOTE_CHILD_MESSAGE: messageId,
    },
  });
}

it("a job running when its process is killed runs again, once, in the next process", async () => {
  const { userId, messageId } = await withDb(async (db) => {
    const userId = await createTestUser(db, { lastName: "Lovelace" });
    const message = await db.prisma.chatMessage.create({
      data: { userId, role: "user", content: "I have two daughters." },
    });
    return { userId, messageId: message.id };
  });

  await killWhenJobRuns(startChild(userId, messageId));
  const killedAt = Date.now();

  await withDb(async (db) => {
    const stateOf = () => noteJobStates(db, messageId);
    // Left behind by the kill: still marked as running.
    expect(await stateOf()).toEqual(["active"]);
    const restartedAt = Date.now();
    const queue = await startNoteQueue(db, new ScriptedNoteModel(), {
      heartbeatSeconds: 10,
      checkSeconds: 1,
      retryDelaySeconds: 1,
    });
    try {
      // Far below the queue's expiry window (15 min): on PGlite (one process) retried at the
      // restart, on PostgreSQL the heartbeat bound; with room for a loaded machine.
      await expect.poll(stateOf, { timeout: 90_000, interval: 250 }).toEqual(["completed"]);
      console.info(
        `note job completed ${Date.now() - killedAt} ms after the kill, ${Date.now() - restartedAt} ms after the restart`,
      );
      const notes = await db.prisma.userNote.findMany({ where: { userId } });
      expect(notes.map((note) => note.note)).toEqual(["I have two daughters"]);
    } finally {
      await queue.stop();
    }
  });
}, 180_000);
