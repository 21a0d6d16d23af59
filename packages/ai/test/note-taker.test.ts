// The background note taker: a system-invoked pass over each user message, off the request
// path. On PostgreSQL it runs as a pg-boss job (durable, retried, shared by processes); on
// the embedded database in-process, over the same interface.
import { testDatabaseKind } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScriptedCoachModel } from "../src/model/scripted-coach-model.ts";
import type { NoteModel } from "../src/notes/note-model.ts";
import { ScriptedNoteModel } from "../src/notes/note-model.ts";
import { NoteTaker } from "../src/notes/note-taker.ts";
import { InProcessNoteQueue, PgBossNoteQueue } from "../src/notes/queues.ts";
import { type AiHarness, createAiHarness } from "./support.ts";

let h: AiHarness;
beforeAll(async () => {
  h = await createAiHarness();
});
afterAll(async () => {
  await h.dispose();
});

async function userMessage(userId: string, content: string) {
  return h.db.prisma.chatMessage.create({ data: { userId, role: "user", content } });
}

async function notesOf(userId: string) {
  return (
    await h.db.prisma.userNote.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })
  ).map((n) => n.note);
}

describe("note taker", () => {
  it("adds durable facts as the system invoker, once per message", async () => {
    const userId = await h.newUser();
    const taker = new NoteTaker({ db: h.db, engine: h.engine, model: new ScriptedNoteModel() });
    const message = await userMessage(
      userId,
      "Hi! I have two daughters. My job is building bridges. Nice weather.",
    );
    await taker.run({ userId, messageId: message.id });
    await taker.run({ userId, messageId: message.id });
    expect(await notesOf(userId)).toEqual(["I have two daughters", "My job is building bridges"]);
    const rows = await h.db.prisma.action.findMany({ where: { userId } });
    expect(rows.every((r) => r.invoker === "system" && r.type === "add_user_note")).toBe(true);
    expect(rows).toHaveLength(2);
  });

  it("updates and deletes notes the model names, and never touches another user's", async () => {
    const userId = await h.newUser();
    const other = await h.newUser();
    const mine = await h.db.prisma.userNote.create({ data: { userId, note: "Lives in Oslo" } });
    const theirs = await h.db.prisma.userNote.create({ data: { userId: other, note: "Secret" } });
    const model: NoteModel = {
      name: "fixed",
      propose: async () =>
        JSON.stringify({
          actions: [
            { type: "update_user_note", params: { noteId: mine.id, note: "Lives in Bergen" } },
            { type: "delete_user_note", params: { noteId: theirs.id } },
            { type: "create_identity", params: { name: "Hacker", category: "spiritual" } },
          ],
        }),
    };
    const message = await userMessage(userId, "We moved to Bergen");
    const outcomes = await new NoteTaker({ db: h.db, engine: h.engine, model }).run({
      userId,
      messageId: message.id,
    });
    expect(outcomes.map((o) => [o.type, o.status])).toEqual([
      ["update_user_note", "completed"],
      ["delete_user_note", "failed"],
    ]);
    expect(await notesOf(userId)).toEqual(["Lives in Bergen"]);
    expect(await notesOf(other)).toEqual(["Secret"]);
    expect(await h.db.prisma.identity.count({ where: { userId } })).toBe(0);
  });

  it("runs off the request path: a failing note model never affects the coach's reply", async () => {
    const userId = await h.newUser();
    const errors: unknown[] = [];
    const failing: NoteModel = {
      name: "broken",
      propose: async () => {
        throw new Error("note model down");
      },
    };
    const queue = new InProcessNoteQueue(
      new NoteTaker({ db: h.db, engine: h.engine, model: failing }),
      {
        retryLimit: 1,
        retryDelaySeconds: 0.01,
        onError: (error) => errors.push(error),
      },
    );
    const result = await h
      .turn(new ScriptedCoachModel(), { noteTaker: queue })
      .send({ userId, message: "Hello there" });
    expect(result.coachMessage.content).toContain("Hi Ada");
    await queue.drain();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("note model down");
  });

  it("the in-process queue retries a failing job", async () => {
    const userId = await h.newUser();
    let calls = 0;
    const flaky: NoteModel = {
      name: "flaky",
      propose: async (input) => {
        calls++;
        if (calls === 1) throw new Error("transient");
        return new ScriptedNoteModel().propose(input);
      },
    };
    const queue = new InProcessNoteQueue(
      new NoteTaker({ db: h.db, engine: h.engine, model: flaky }),
      {
        retryDelaySeconds: 0.01,
      },
    );
    const message = await userMessage(userId, "I run every morning before work.");
    await queue.enqueue({ userId, messageId: message.id });
    await queue.drain();
    expect(calls).toBe(2);
    expect(await notesOf(userId)).toEqual(["I run every morning before work"]);
  });
});

describe.runIf(testDatabaseKind() === "postgres")("note taker on pg-boss", () => {
  it("runs jobs durably through PostgreSQL, retrying failures", async () => {
    if (h.db.kind !== "postgres") throw new Error("expected PostgreSQL");
    const userId = await h.newUser();
    let calls = 0;
    const flaky: NoteModel = {
      name: "flaky",
      propose: async (input) => {
        calls++;
        if (calls === 1) throw new Error("transient");
        return new ScriptedNoteModel().propose(input);
      },
    };
    const taker = new NoteTaker({ db: h.db, engine: h.engine, model: flaky });
    const queue = await PgBossNoteQueue.start(h.db.url, taker, { retryDelaySeconds: 1 });
    try {
      const message = await userMessage(userId, "I teach piano to children.");
      await queue.enqueue({ userId, messageId: message.id });
      // Generous: pg-boss polls, and a busy machine is slow; only a job that never runs fails.
      await queue.drain(120_000);
      expect(calls).toBe(2);
      expect(await notesOf(userId)).toEqual(["I teach piano to children"]);
      const jobs = await h.db.pool.query(
        "SELECT state FROM pgboss.job WHERE name = 'trellis-note-taker'",
      );
      expect(jobs.rows.map((r: { state: string }) => r.state)).toEqual(["completed"]);
    } finally {
      await queue.stop();
    }
  });
});
