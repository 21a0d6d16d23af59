// The background note taker: a system-invoked pass over each user message, off the request
// path, as a pg-boss job (durable, retried, shared by processes) on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScriptedCoachModel } from "../src/model/scripted-coach-model.ts";
import type { NoteModel } from "../src/notes/note-model.ts";
import { ScriptedNoteModel } from "../src/notes/note-model.ts";
import { NoteTaker } from "../src/notes/note-taker.ts";
import { PgBossNoteQueue } from "../src/notes/queues.ts";
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
    const queue = await PgBossNoteQueue.start(
      h.db,
      new NoteTaker({ db: h.db, engine: h.engine, model: failing }),
      { retryLimit: 1, retryDelaySeconds: 1, onError: (error) => errors.push(error) },
    );
    const result = await h
      .turn(new ScriptedCoachModel(), { noteTaker: queue })
      .send({ userId, message: "Hello there" });
    expect(result.coachMessage.content).toContain("Hi Ada");
    try {
      await queue.drain();
    } finally {
      await queue.stop();
    }
    // Reported once, after its retry.
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("note model down");
  });

  it("runs jobs durably through pg-boss, retrying failures, on either database", async () => {
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
    const queue = await PgBossNoteQueue.start(h.db, taker, { retryDelaySeconds: 1 });
    try {
      const message = await userMessage(userId, "I teach piano to children.");
      await queue.enqueue({ userId, messageId: message.id });
      // Generous: pg-boss polls, and a busy machine is slow; only a job that never runs fails.
      await queue.drain(120_000);
      expect(calls).toBe(2);
      expect(await notesOf(userId)).toEqual(["I teach piano to children"]);
      const jobs = await h.db.prisma.$queryRaw<{ state: string }[]>`
        SELECT state FROM pgboss.job WHERE name = 'trellis-note-taker' AND data->>'messageId' = ${message.id}`;
      expect(jobs.map((row) => row.state)).toEqual(["completed"]);
    } finally {
      await queue.stop();
    }
  });
});
