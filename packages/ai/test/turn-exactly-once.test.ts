// Exactly-once coach turns against the real `openai` SDK and the local fake OpenAI server, on
// the test database (PGlite or PostgreSQL): concurrent retries under one key, a key reused for
// another message, crash recovery, transient database failures mid-turn, cancellation of an
// abandoned keyless turn, and the same guarantees in tool-calling mode.
import { ActionEngine, handlers, InProcessEventBus, TransientDatabaseError } from "@trellis/engine";
import { describe, expect, it, vi } from "vitest";
import { CoachTurn } from "../src/coach/coach-turn.ts";
import { CoachTurnError } from "../src/coach/errors.ts";
import { startTurnRecovery } from "../src/coach/turn-recovery.ts";
import { ProviderCoachModel } from "../src/model/openai-coach-model.ts";
import { fakeReply } from "../src/testing/index.ts";
import { useFakeOpenAI } from "./support.ts";

const fake = useFakeOpenAI();
const provider = () => fake.provider({ timeoutMs: 20_000 });
const model = () => new ProviderCoachModel(provider());

/** A user in the brainstorming phase, where the coach may create identities. */
const brainstormingUser = () => fake.h.userIn("identity_brainstorming");

/** A turn whose actions run on `engine` (one that fails on purpose). */
const turnWith = (engine: ActionEngine) =>
  new CoachTurn({ db: fake.h.db, engine, prompts: fake.h.prompts, model: model() });

const identities = (names: string[]) =>
  names.map((name) => ({
    type: "create_identity",
    params: { name, category: "physical_expression", note: null },
  }));

/** Until `check` holds; a hang fails on the test's own timeout. */
const until = (check: () => boolean | Promise<boolean>) =>
  vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 60_000, interval: 10 });

describe("one idempotency key, one turn", () => {
  it("five concurrent sends with the same key call the model once and apply once", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(
        400,
        fakeReply.json({ message: "A runner!", actions: identities(["Runner"]) }),
      ),
    );
    const turn = fake.h.turn(model());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => turn.send({ userId, message: "I run", idempotencyKey: "k" })),
    );
    expect(fake.server.requests).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    for (const result of results) {
      expect(result.coachMessage).toEqual(results[0]?.coachMessage);
      expect(result.actions.map((a) => a.actionId)).toEqual(
        results[0]?.actions.map((a) => a.actionId),
      );
    }
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(1);
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId } })).toBe(2);
  });

  it("twenty retries a few milliseconds apart run the turn once", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(
        300,
        fakeReply.json({
          message: "Noted",
          actions: [
            {
              type: "create_identity",
              params: { name: "Swimmer", category: "physical_expression", note: null },
            },
          ],
        }),
      ),
    );
    const turn = fake.h.turn(model());
    const sends = [];
    for (let i = 0; i < 20; i++) {
      sends.push(turn.send({ userId, message: "I swim", idempotencyKey: "burst" }));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const results = await Promise.all(sends);
    expect(fake.server.requests).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(1);
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId } })).toBe(2);
  });

  it("a retry while the turn is in flight answers busy after its wait, then gets the result", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(600, fakeReply.json({ message: "Ok", actions: identities(["Cook"]) })),
    );
    const first = fake.h.turn(model()).send({ userId, message: "I cook", idempotencyKey: "slow" });
    await until(() => fake.server.requests.length === 1);
    const impatient = fake.h.turn(model(), { records: { waitMs: 0 } });
    await expect(
      impatient.send({ userId, message: "I cook", idempotencyKey: "slow" }),
    ).rejects.toMatchObject({ kind: "busy" });
    const done = await first;
    const again = await impatient.send({ userId, message: "I cook", idempotencyKey: "slow" });
    expect(again).toEqual({ ...done, replayed: true });
    expect(fake.server.requests).toHaveLength(1);
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
  });

  it("a turn slower than its lease keeps it: a waiting retry does not take it over", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(2_500, fakeReply.json({ message: "Slow", actions: identities(["Slow"]) })),
    );
    // The lease is renewed every third of it while the model thinks.
    const turn = fake.h.turn(model(), { records: { leaseMs: 1_000, waitMs: 20_000 } });
    const first = turn.send({ userId, message: "Slowly", idempotencyKey: "lease" });
    await until(() => fake.server.requests.length === 1);
    const retry = await turn.send({ userId, message: "Slowly", idempotencyKey: "lease" });
    expect(retry.replayed).toBe(true);
    expect((await first).coachMessage.id).toBe(retry.coachMessage.id);
    expect(fake.server.requests).toHaveLength(1);
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
  });

  it("the same key with another message is refused, not answered with the first turn", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.json({ message: "Hi", actions: [] }));
    await fake.h.turn(model()).send({ userId, message: "Hello", idempotencyKey: "same" });
    const error = await fake.h
      .turn(model())
      .send({ userId, message: "Something else", idempotencyKey: "same" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoachTurnError);
    expect(error).toMatchObject({ kind: "key_reused" });
    expect(String(error)).toContain("different message");
    expect(fake.server.requests).toHaveLength(1);
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId } })).toBe(2);
  });

  it("a turn without a key still gets a record, under a key the server made up", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.json({ message: "Hi", actions: [] }));
    await fake.h.turn(model()).send({ userId, message: "Hello" });
    const records = await fake.h.db.prisma.turnRecord.findMany({ where: { userId } });
    expect(
      records.map((r) => [r.idempotencyKey.startsWith("auto:"), r.stage, r.leaseUntil]),
    ).toEqual([[true, "done", null]]);
  });
});

describe("interrupted turns", () => {
  class CrashingEngine extends ActionEngine {
    override async executeAll(): Promise<never> {
      throw new Error("process killed");
    }
  }
  /** A turn whose process dies after the model answered, before any action is applied. */
  const crashingTurn = () =>
    turnWith(new CrashingEngine({ db: fake.h.db, bus: new InProcessEventBus(), handlers }));

  it("a keyless turn that stopped after planning is finished by the recovery sweep, once", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.json({ message: "Two", actions: identities(["Runner", "Reader"]) }),
    );
    const crashed = crashingTurn();
    await expect(crashed.send({ userId, message: "I run and read" })).rejects.toThrow(
      "process killed",
    );
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(0);

    const recovering = fake.h.turn(model());
    expect(await recovering.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    expect(await recovering.recoverInterrupted()).toBe(0);
    const names = await fake.h.db.prisma.identity.findMany({
      where: { userId },
      select: { name: true },
    });
    expect(names.map((n) => n.name).sort()).toEqual(["Reader", "Runner"]);
    const [record] = await fake.h.db.prisma.turnRecord.findMany({ where: { userId } });
    expect(record?.stage).toBe("done");
    expect(fake.server.requests).toHaveLength(1);
  });

  it("turn recovery in a new process finishes, at start, the turns a dead one left planned", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.json({ message: "Left", actions: identities(["Left"]) }));
    const crashed = crashingTurn();
    await expect(crashed.send({ userId, message: "Leaving" })).rejects.toThrow("process killed");
    // As the server starts it (apps/server/src/runtime.ts): the first sweep runs at once.
    const recovery = startTurnRecovery(fake.h.turn(model()), {
      intervalMs: 30_000,
      onError: () => {},
    });
    try {
      await until(async () => {
        const record = await fake.h.db.prisma.turnRecord.findFirst({ where: { userId } });
        return record?.stage === "done";
      });
    } finally {
      await recovery.stop();
    }
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
    expect(fake.server.requests).toHaveLength(1);
  });

  it("a turn whose owner died (lease ran out, not released) is resumed by a retry", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.json({ message: "One", actions: identities(["Painter"]) }));
    const crashed = crashingTurn();
    await expect(
      crashed.send({ userId, message: "I paint", idempotencyKey: "dead" }),
    ).rejects.toThrow("process killed");
    // As a kill -9 leaves it: still leased by an owner that will never renew it.
    const past = new Date(Date.now() - 1);
    await fake.h.db.prisma.turnRecord.updateMany({ where: { userId }, data: { leaseUntil: past } });
    const resumed = await fake.h
      .turn(model())
      .send({ userId, message: "I paint", idempotencyKey: "dead" });
    expect(resumed.replayed).toBe(false);
    expect(resumed.actions.map((a) => a.status)).toEqual(["completed"]);
    expect(fake.server.requests).toHaveLength(1);
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
  });

  it("a model failure marks the turn interrupted; a retry with the key asks the model again", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.error(400, { message: "bad request (fake)" }));
    await expect(
      fake.h.turn(model()).send({ userId, message: "Hi", idempotencyKey: "m" }),
    ).rejects.toMatchObject({ kind: "model_failed" });
    const record = await fake.h.db.prisma.turnRecord.findFirstOrThrow({ where: { userId } });
    expect([record.stage, record.leaseUntil]).toEqual(["interrupted", null]);
    fake.server.enqueue(fakeReply.json({ message: "Hello again", actions: [] }));
    const retried = await fake.h.turn(model()).send({ userId, message: "Hi", idempotencyKey: "m" });
    expect(retried.coachMessage.content).toBe("Hello again");
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId, role: "user" } })).toBe(1);
  });
});

describe("transient database failures mid-turn", () => {
  /**
   * An engine whose create_identity loses its database connection while `failing(name)` says
   * so: on PostgreSQL the backend is really terminated; PGlite runs in-process and has no
   * connection to lose, so the driver's error for a dead connection is raised instead.
   */
  function flakyEngine(failing: (name: string) => boolean) {
    return engineWithCreateIdentity(async (context, params) => {
      if (failing(params.name)) {
        if (fake.h.db.kind === "postgres") {
          await context.tx.$executeRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
        }
        throw new Error("Client has encountered a connection error and is not queryable");
      }
      return handlers.create_identity(context, params);
    });
  }

  /** An engine that retries transient failures, with `createIdentity` as create_identity's handler. */
  function engineWithCreateIdentity(createIdentity: typeof handlers.create_identity) {
    return new ActionEngine({
      db: fake.h.db,
      bus: new InProcessEventBus(),
      transientRetry: { attempts: 3, baseDelayMs: 1 },
      handlers: { ...handlers, create_identity: createIdentity },
    });
  }

  it("a connection lost once is retried: every action applied exactly once", async () => {
    const userId = await brainstormingUser();
    const names = ["A1", "A2", "A3", "A4", "A5", "A6"];
    fake.server.enqueue(fakeReply.json({ message: "Six", actions: identities(names) }));
    let lost = 0;
    const engine = flakyEngine((name) => name === "A3" && lost++ === 0);
    const turn = turnWith(engine);
    const result = await turn.send({ userId, message: "Six of them", idempotencyKey: "t1" });
    expect(lost).toBe(2);
    expect(result.actions.map((a) => a.status)).toEqual(names.map(() => "completed"));
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(6);
    expect(await fake.h.db.prisma.action.count({ where: { userId, status: "failed" } })).toBe(0);
  });

  it("a lasting failure fails the turn as retryable; the retry applies exactly the rest", async () => {
    const userId = await brainstormingUser();
    const names = ["B1", "B2", "B3", "B4", "B5", "B6"];
    fake.server.enqueue(fakeReply.json({ message: "Six", actions: identities(names) }));
    let down = true;
    const engine = flakyEngine((name) => down && name === "B3");
    const turn = turnWith(engine);
    const error = await turn
      .send({ userId, message: "Six more", idempotencyKey: "t2" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "retryable" });
    expect(String(error)).toContain("same idempotency key");
    const applied = await fake.h.db.prisma.identity.findMany({
      where: { userId },
      select: { name: true },
    });
    expect(applied.map((i) => i.name).sort()).toEqual(["B1", "B2"]);
    // Nothing final was recorded for the action that could not run.
    expect(await fake.h.db.prisma.action.count({ where: { userId, status: "failed" } })).toBe(0);

    down = false;
    const retried = await turn.send({ userId, message: "Six more", idempotencyKey: "t2" });
    expect(fake.server.requests).toHaveLength(1);
    expect(retried.actions.map((a) => [a.status, a.replayed])).toEqual([
      ["completed", true],
      ["completed", true],
      ["completed", false],
      ["completed", false],
      ["completed", false],
      ["completed", false],
    ]);
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(6);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(6);
  });

  it("a domain failure is not retried: it stays a recorded, final failure", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.json({ message: "Hmm", actions: identities(["Bad", "Good"]) }));
    let tries = 0;
    const engine = engineWithCreateIdentity(async (context, params) => {
      if (params.name !== "Bad") return handlers.create_identity(context, params);
      tries++;
      throw new Error("This identity is refused");
    });
    const turn = turnWith(engine);
    const result = await turn.send({ userId, message: "Two", idempotencyKey: "t3" });
    expect(tries).toBe(1);
    expect(result.actions.map((a) => a.status)).toEqual(["failed", "completed"]);
    expect(await fake.h.db.prisma.action.count({ where: { userId, status: "failed" } })).toBe(1);
    const again = await turn.send({ userId, message: "Two", idempotencyKey: "t3" });
    expect(again.replayed).toBe(true);
    expect(tries).toBe(1);
  });
});

describe("cancellation", () => {
  it("a keyless turn still waiting for the model is cancelled when its client goes away", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(3_000, fakeReply.json({ message: "Late", actions: identities(["Late"]) })),
    );
    const client = new AbortController();
    const sent = fake.h.turn(model()).send({ userId, message: "Bye", signal: client.signal });
    await until(() => fake.server.requests.length === 1);
    client.abort();
    await expect(sent).rejects.toMatchObject({ kind: "cancelled" });
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId, role: "coach" } })).toBe(0);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(0);
    const record = await fake.h.db.prisma.turnRecord.findFirstOrThrow({ where: { userId } });
    expect(record.stage).toBe("interrupted");
  });

  it("a turn with a client key runs on when its client goes away, for the retry to collect", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(
      fakeReply.delay(300, fakeReply.json({ message: "Kept", actions: identities(["Kept"]) })),
    );
    const client = new AbortController();
    const sent = fake.h
      .turn(model())
      .send({ userId, message: "Bye", idempotencyKey: "keep", signal: client.signal });
    await until(() => fake.server.requests.length === 1);
    client.abort();
    const result = await sent;
    expect(result.coachMessage.content).toBe("Kept");
    expect(await fake.h.db.prisma.identity.count({ where: { userId } })).toBe(1);
  });
});

describe("tool-calling mode", () => {
  const toolTurn = () => fake.toolTurn(5, { timeoutMs: 20_000 });

  it("executes at most the per-turn cap of calls; the rest are reported, not run", async () => {
    const userId = await brainstormingUser();
    const calls = Array.from({ length: 40 }, (_, i) => ({
      name: "create_identity",
      arguments: JSON.stringify({ name: `N${i}`, category: "physical_expression", note: null }),
    }));
    fake.server.enqueue(fakeReply.toolCalls(calls), fakeReply.text("Plenty"));
    const result = await toolTurn().send({ userId, message: "Many", idempotencyKey: "cap" });
    expect(result.actions).toHaveLength(32);
    expect(result.rejected).toHaveLength(8);
    expect(result.rejected[0]?.problems[0]?.message).toContain("at most 32 actions");
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(32);
    const toolMessages = fake.server.request(1).body.messages.filter((m) => m.role === "tool");
    expect(toolMessages).toHaveLength(40);
    expect(String(toolMessages.at(-1)?.content)).toContain("TooManyActions");
  });

  it("a model failure after applied calls keeps them with their message; a retry replays", async () => {
    const userId = await fake.h.userIn("get_to_know_you");
    fake.server.enqueue(
      fakeReply.toolCall("mark_question_asked", { question: "hobbies_interests" }),
      fakeReply.error(500),
      fakeReply.error(500),
      fakeReply.error(500),
    );
    const first = await toolTurn().send({ userId, message: "Hi", idempotencyKey: "tf" });
    expect(first.actions.map((a) => a.status)).toEqual(["completed"]);
    expect(first.coachMessage.content).toBe("Marked question 'hobbies_interests' as asked");
    const rows = await fake.h.db.prisma.action.findMany({ where: { userId } });
    expect(rows.map((r) => r.chatMessageId)).toEqual([first.coachMessage.id]);
    const coach = await fake.h.db.prisma.chatMessage.findUniqueOrThrow({
      where: { id: first.coachMessage.id },
    });
    expect(coach.content).toBe(first.coachMessage.content);

    const requests = fake.server.requests.length;
    const again = await toolTurn().send({ userId, message: "Hi", idempotencyKey: "tf" });
    expect(again).toEqual({ ...first, replayed: true });
    expect(fake.server.requests).toHaveLength(requests);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(1);
  });

  it("a model failure before any call says nothing was applied, and leaves no coach message", async () => {
    const userId = await brainstormingUser();
    fake.server.enqueue(fakeReply.error(500), fakeReply.error(500), fakeReply.error(500));
    await expect(
      toolTurn().send({ userId, message: "Hi", idempotencyKey: "t0" }),
    ).rejects.toMatchObject({ kind: "model_failed" });
    expect(await fake.h.db.prisma.chatMessage.count({ where: { userId, role: "coach" } })).toBe(0);
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(0);
  });

  it("a database failure mid-loop fails retryably; the retry ends with the applied calls", async () => {
    const userId = await brainstormingUser();
    let calls = 0;
    class FailingSecondCall extends ActionEngine {
      override async execute(...args: Parameters<ActionEngine["execute"]>) {
        if (++calls === 2) throw new TransientDatabaseError("create_identity");
        return super.execute(...args);
      }
    }
    const engine = new FailingSecondCall({ db: fake.h.db, bus: new InProcessEventBus(), handlers });
    const turn = new CoachTurn({
      db: fake.h.db,
      engine,
      prompts: fake.h.prompts,
      model: model(),
      mode: "tools",
      invalidOutput: { maxToolSteps: 5 },
    });
    const call = (name: string) =>
      fakeReply.toolCall("create_identity", { name, category: "physical_expression", note: null });
    fake.server.enqueue(call("First"), call("Second"));
    await expect(turn.send({ userId, message: "Go", idempotencyKey: "tl" })).rejects.toMatchObject({
      kind: "retryable",
    });
    expect(fake.server.requests).toHaveLength(2);

    const retried = await turn.send({ userId, message: "Go", idempotencyKey: "tl" });
    expect(fake.server.requests).toHaveLength(2);
    expect(retried.actions.map((a) => [a.type, a.status])).toEqual([
      ["create_identity", "completed"],
    ]);
    expect(retried.coachMessage.content).toContain("First");
    const names = await fake.h.db.prisma.identity.findMany({
      where: { userId },
      select: { name: true },
    });
    expect(names.map((n) => n.name)).toEqual(["First"]);
    const coach = await fake.h.db.prisma.chatMessage.findMany({ where: { userId, role: "coach" } });
    expect(coach.map((m) => m.id)).toEqual([retried.coachMessage.id]);
  });
});
