// Events cross server processes through PostgreSQL LISTEN/NOTIFY: two engines with their own
// connection pools and listener connections (as two server processes would have) share one
// database; an action executed through one is seen by a subscriber of the other.
import { createDb, type PostgresDb } from "@trellis/db";
import { createTestDb, type TestDb, testDatabaseKind } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventBus, InProcessEventBus } from "../src/events/bus.ts";
import { createEventBus } from "../src/events/create-bus.ts";
import type { ActionEventMessage } from "@trellis/contract";
import { PostgresEventBus } from "../src/events/postgres-bus.ts";
import { handlers } from "../src/handlers/index.ts";
import { ActionEngine } from "../src/pipeline/engine.ts";

function waitFor(events: ActionEventMessage[], count: number, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (events.length >= count) resolve();
      else if (Date.now() > deadline) reject(new Error(`got ${events.length} of ${count} events`));
      else setTimeout(check, 10);
    };
    check();
  });
}

/** Resolves with the first signal `bus` hears. */
function nextSignal(bus: EventBus): Promise<string> {
  return new Promise((resolve) => {
    const stop = bus.onSignal((message) => {
      stop();
      resolve(message);
    });
  });
}

describe.runIf(testDatabaseKind() === "pglite")("event bus on the embedded database", () => {
  it("is in-process: one process owns the database", async () => {
    const db = await createTestDb();
    const bus = await createEventBus(db);
    expect(bus).toBeInstanceOf(InProcessEventBus);
    await bus.close();
    await db.dispose();
  });

  it("signals reach every bus on the database (PGlite's own NOTIFY), the sender's included", async () => {
    const db = await createTestDb();
    const [a, b] = [await createEventBus(db), await createEventBus(db)];
    try {
      const heard = [nextSignal(a), nextSignal(b)];
      // PGlite's LISTEN is registered asynchronously: send until both have heard.
      const timer = setInterval(() => void a.signal("turn.stop x"), 20);
      expect(await Promise.all(heard)).toEqual(["turn.stop x", "turn.stop x"]);
      clearInterval(timer);
    } finally {
      await a.close();
      await b.close();
      await db.dispose();
    }
  });
});

describe.runIf(testDatabaseKind() === "postgres")(
  "event bus across processes (LISTEN/NOTIFY)",
  () => {
    let db: TestDb;
    let second: PostgresDb;
    let busA: EventBus;
    let busB: EventBus;
    beforeAll(async () => {
      db = await createTestDb();
      if (db.kind !== "postgres") throw new Error("expected PostgreSQL");
      second = await createDb({ kind: "postgres", url: db.url });
      busA = await createEventBus(db);
      busB = await createEventBus(second);
    });
    afterAll(async () => {
      await busA.close();
      await busB.close();
      await second.close();
      await db.dispose();
    });

    it("delivers events committed by one instance to subscribers of another, in order", async () => {
      expect(busA).toBeInstanceOf(PostgresEventBus);
      const engineA = new ActionEngine({ db, bus: busA, handlers });
      const user = await db.prisma.user.create({
        data: {
          email: "bus@example.test",
          firstName: "B",
          lastName: "U",
          role: "user",
          coachState: { create: { phase: "identity_warm_up" } },
        },
      });
      const onB: ActionEventMessage[] = [];
      const onA: ActionEventMessage[] = [];
      busB.subscribe(user.id, (event) => onB.push(event));
      busA.subscribe(user.id, (event) => onA.push(event));

      await engineA.execute({
        userId: user.id,
        type: "update_who_you_are",
        params: { items: ["a father"] },
        invoker: "coach",
      });
      await engineA.execute({
        userId: user.id,
        type: "launch_rocket",
        params: {},
        invoker: "coach",
      });
      await waitFor(onB, 4);
      await waitFor(onA, 4);
      expect(onB.map((e) => [e.actionType, e.kind])).toEqual([
        ["update_who_you_are", "started"],
        ["update_who_you_are", "completed"],
        ["launch_rocket", "started"],
        ["launch_rocket", "failed"],
      ]);
      expect(onB).toEqual(onA);
      const stored = await db.prisma.actionEvent.findMany({
        where: { userId: user.id },
        orderBy: { id: "asc" },
      });
      expect(onB.map((e) => e.id)).toEqual(stored.map((e) => e.id.toString()));
    });

    it("signals reach every process on the database, the sender's included", async () => {
      const heard = [nextSignal(busA), nextSignal(busB)];
      await busB.signal("turn.stop y");
      expect(await Promise.all(heard)).toEqual(["turn.stop y", "turn.stop y"]);
    });

    it("keeps NOTIFY payloads under PostgreSQL's limit for large multi-byte results", async () => {
      const engineA = new ActionEngine({ db, bus: busA, handlers });
      const user = await db.prisma.user.create({
        data: {
          email: "big@example.test",
          firstName: "B",
          lastName: "U",
          role: "user",
          coachState: { create: { phase: "identity_warm_up" } },
        },
      });
      const onB: ActionEventMessage[] = [];
      busB.subscribe(user.id, (event) => onB.push(event));
      const items = Array.from({ length: 30 }, () => "🌱 growing ".repeat(15));
      const outcome = await engineA.execute({
        userId: user.id,
        type: "update_who_you_are",
        params: { items },
        invoker: "coach",
      });
      expect(outcome.status).toBe("completed");
      await waitFor(onB, 2);
      expect(onB[1]?.truncated).toBe(true);
    });
  },
);
