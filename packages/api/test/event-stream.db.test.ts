// The event stream against a real database: concurrent writers (on PostgreSQL, two "server
// processes" with their own pools and listeners), a subscriber on one of them, and a listener
// connection that the server terminates. The subscriber must get exactly the stored events,
// in id order.
import type { ActionEventMessage } from "@trellis/contract";
import { createDb, type Db } from "@trellis/db";
import {
  ActionEngine,
  type EventBus,
  handlers,
  InProcessEventBus,
  PostgresEventBus,
} from "@trellis/engine";
import { createTestDb, createTestUser, testDatabaseKind, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { userEventStream } from "../src/event-stream.ts";

/** Generous: the machine may be loaded. */
const patience = { timeout: 20_000, interval: 10 };

/** While closed, the bus cannot reconnect: the test decides how long an outage lasts. */
const outage = { reconnectable: true };

async function startBus(db: Db): Promise<EventBus> {
  if (db.kind === "pglite") return new InProcessEventBus();
  return PostgresEventBus.start({
    pool: db.pool,
    createListener: () => {
      if (!outage.reconnectable) throw new Error("the database refuses connections");
      return db.createClient();
    },
    reconnect: { initialMs: 20, maxMs: 200 },
  });
}

interface Instance {
  db: Db;
  bus: EventBus;
  engine: ActionEngine;
}

async function instance(db: Db): Promise<Instance> {
  const bus = await startBus(db);
  return { db, bus, engine: new ActionEngine({ db, bus, handlers }) };
}

/** Subscribes through `on`, collecting every event until `stop` is aborted. */
function subscribe(on: Instance, userId: string, lastEventId: bigint | null) {
  const stop = new AbortController();
  const received: ActionEventMessage[] = [];
  const done = (async () => {
    const stream = userEventStream({
      bus: on.bus,
      replay: (afterId, limit) => on.engine.eventsSince(userId, afterId, limit),
      latestId: async () => 0n,
      userId,
      lastEventId,
      signal: stop.signal,
    });
    for await (const event of stream) received.push(event);
  })();
  return { received, stop, done };
}

async function storedIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.prisma.actionEvent.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id.toString());
}

describe(`event stream on ${testDatabaseKind()}`, () => {
  let db: TestDb;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    db = await createTestDb();
    a = await instance(db);
    // On PostgreSQL a second process: its own pool and listener on the same database.
    b =
      db.kind === "postgres"
        ? await instance(await createDb({ kind: "postgres", url: db.url }))
        : a;
  });
  afterAll(async () => {
    await a.bus.close();
    if (b !== a) {
      await b.bus.close();
      await b.db.close();
    }
    await db.dispose();
  });

  async function newUser(): Promise<string> {
    return createTestUser(db, { phase: "identity_warm_up" });
  }

  /** `count` actions of one user at once, half through each instance. */
  function burst(userId: string, count: number, tag: string) {
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        (i % 2 === 0 ? a : b).engine.execute({
          userId,
          type: i % 5 === 4 ? "no_such_action" : "update_who_you_are",
          params: { items: [`${tag} ${i}`] },
          invoker: "coach",
        }),
      ),
    );
  }

  it("delivers concurrent writers' events in id order, exactly once", async () => {
    const userId = await newUser();
    const sub = subscribe(b, userId, 0n);
    await burst(userId, 30, "burst");
    const expected = await storedIds(db, userId);
    expect(expected).toHaveLength(60);
    await vi.waitFor(() => expect(sub.received).toHaveLength(expected.length), patience);
    // A moment for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    sub.stop.abort();
    await sub.done;
    expect(sub.received.map((e) => e.id)).toEqual(expected);
  });

  it("resumes after the last id without a gap or a repeat", async () => {
    const userId = await newUser();
    await burst(userId, 6, "before");
    const all = await storedIds(db, userId);
    const last = all[4];
    if (last === undefined) throw new Error("expected events");
    const sub = subscribe(a, userId, BigInt(last));
    await burst(userId, 6, "after");
    const expected = (await storedIds(db, userId)).slice(5);
    await vi.waitFor(() => expect(sub.received).toHaveLength(expected.length), patience);
    sub.stop.abort();
    await sub.done;
    expect(sub.received.map((e) => e.id)).toEqual(expected);
  });

  it.runIf(testDatabaseKind() === "postgres")(
    "reconnects a terminated listener and catches up on what was committed meanwhile",
    async () => {
      const userId = await newUser();
      const sub = subscribe(b, userId, 0n);
      await burst(userId, 2, "first");
      await vi.waitFor(() => expect(sub.received.length).toBeGreaterThanOrEqual(4), patience);

      // The server drops every LISTEN connection of this database (both instances') and
      // refuses new ones until the events below are committed.
      outage.reconnectable = false;
      await db.prisma.$queryRaw`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN %'`;
      await vi.waitFor(() => expect(b.bus.connected).toBe(false), patience);
      await burst(userId, 4, "while down");
      outage.reconnectable = true;
      await vi.waitFor(
        () => expect([a.bus.connected, b.bus.connected]).toEqual([true, true]),
        patience,
      );
      await burst(userId, 2, "after");

      const expected = await storedIds(db, userId);
      expect(expected).toHaveLength(16);
      await vi.waitFor(() => expect(sub.received).toHaveLength(expected.length), patience);
      sub.stop.abort();
      await sub.done;
      expect(sub.received.map((e) => e.id)).toEqual(expected);
    },
  );
});
