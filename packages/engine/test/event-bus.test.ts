// Events cross server processes through PostgreSQL LISTEN/NOTIFY: two engines with their own
// connection pools and listener connections (as two server processes would have) share one
// database; an action executed through one is seen by a subscriber of the other.
import { createDb, type PostgresDb } from "@trellis/db";
import { createTestDb, createTestUser, testDatabaseKind, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventBus, InProcessEventBus } from "../src/events/bus.ts";
import { createEventBus } from "../src/events/create-bus.ts";
import type { ActionEventMessage } from "@trellis/contract";
import { PostgresEventBus } from "../src/events/postgres-bus.ts";
import { handlers } from "../src/handlers/index.ts";
import { ActionEngine } from "../src/pipeline/engine.ts";

/** Until `events` holds `count` events; generous, since the machine may be loaded. */
const received = (events: ActionEventMessage[], count: number) =>
  vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(count), {
    timeout: 60_000,
    interval: 10,
  });

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
      const userId = await createTestUser(db, { phase: "identity_warm_up" });
      const onB: ActionEventMessage[] = [];
      const onA: ActionEventMessage[] = [];
      busB.subscribe(userId, (event) => onB.push(event));
      busA.subscribe(userId, (event) => onA.push(event));

      await engineA.execute({
        userId,
        type: "update_who_you_are",
        params: { items: ["a father"] },
        invoker: "coach",
      });
      await engineA.execute({
        userId,
        type: "launch_rocket",
        params: {},
        invoker: "coach",
      });
      await received(onB, 4);
      await received(onA, 4);
      expect(onB.map((e) => [e.actionType, e.kind])).toEqual([
        ["update_who_you_are", "started"],
        ["update_who_you_are", "completed"],
        ["launch_rocket", "started"],
        ["launch_rocket", "failed"],
      ]);
      expect(onB).toEqual(onA);
      const stored = await db.prisma.actionEvent.findMany({
        where: { userId },
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
      const userId = await createTestUser(db, { phase: "identity_warm_up" });
      const onB: ActionEventMessage[] = [];
      busB.subscribe(userId, (event) => onB.push(event));
      const items = Array.from({ length: 30 }, () => "🌱 growing ".repeat(15));
      const outcome = await engineA.execute({
        userId,
        type: "update_who_you_are",
        params: { items },
        invoker: "coach",
      });
      expect(outcome.status).toBe("completed");
      await received(onB, 2);
      expect(onB[1]?.truncated).toBe(true);
    });
  },
);
