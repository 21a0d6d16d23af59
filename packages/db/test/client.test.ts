import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../src/index.ts";
import { createTestDb, type TestDb } from "./helpers.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("createDb", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.dispose());

  it("creates a user with coach state and an identity, and reads them back", async () => {
    const user = await db.prisma.user.create({
      data: {
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        coachState: { create: { whoYouAre: ["curious"] } },
        identities: {
          create: { name: "Runner", category: "physical_expression", state: "proposed", order: 0 },
        },
      },
      include: { coachState: true, identities: true },
    });
    expect(user.id).toMatch(UUID_V7);
    expect(user.role).toBe("user");
    expect(user.coachState).toMatchObject({
      phase: "introduction",
      version: 0,
      metadata: {},
      whoYouAre: ["curious"],
      skippedCategories: [],
    });
    expect(user.identities).toHaveLength(1);
    expect(user.identities[0]).toMatchObject({ name: "Runner", notes: [], iAmStatement: null });

    const identities = await db.prisma.identity.findMany({
      where: { userId: user.id, state: "proposed" },
    });
    expect(identities.map((i) => i.name)).toEqual(["Runner"]);
  });

  it("rolls back an interactive transaction that throws", async () => {
    const failure = db.prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { email: "gone@example.com", firstName: "G", lastName: "O" } });
      throw new Error("abort");
    });
    await expect(failure).rejects.toThrow("abort");
    expect(await db.prisma.user.count({ where: { email: "gone@example.com" } })).toBe(0);
  });

  it("commits an interactive transaction", async () => {
    await db.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: "kept@example.com", firstName: "K", lastName: "E" },
      });
      await tx.coachState.create({ data: { userId: user.id } });
    });
    const kept = await db.prisma.user.findUnique({
      where: { email: "kept@example.com" },
      include: { coachState: true },
    });
    expect(kept?.coachState?.phase).toBe("introduction");
  });

  it("reports a unique violation as P2002", async () => {
    const data = { email: "twice@example.com", firstName: "T", lastName: "W" };
    await db.prisma.user.create({ data });
    const error = await db.prisma.user.create({ data }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(error).toMatchObject({ code: "P2002" });
  });

  it("numbers action events in increasing order and deletes owned rows with the user", async () => {
    const user = await db.prisma.user.create({
      data: { email: "events@example.com", firstName: "E", lastName: "V" },
    });
    const action = await db.prisma.action.create({
      data: {
        userId: user.id,
        type: "create_identity",
        params: { name: "Runner" },
        status: "started",
        invoker: "coach",
        idempotencyKey: "k1",
      },
    });
    const kinds = ["started", "completed"];
    for (const kind of kinds) {
      await db.prisma.actionEvent.create({
        data: { userId: user.id, actionId: action.id, kind, payload: {} },
      });
    }
    const events = await db.prisma.actionEvent.findMany({
      where: { userId: user.id, id: { gt: 0n } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.kind)).toEqual(kinds);
    const [first, second] = events;
    expect(typeof first?.id).toBe("bigint");
    expect((second?.id ?? 0n) > (first?.id ?? 0n)).toBe(true);

    await db.prisma.user.delete({ where: { id: user.id } });
    expect(await db.prisma.action.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.prisma.actionEvent.count({ where: { userId: user.id } })).toBe(0);
  });

  it("exposes the driver for LISTEN/NOTIFY", async () => {
    const listener = await listen(db, "trellis_test");
    try {
      await db.prisma.$executeRawUnsafe("SELECT pg_notify('trellis_test', 'hello')");
      expect(await listener.next).toBe("hello");
    } finally {
      await listener.stop();
    }
  });
});

/** Subscribes (and waits until subscribed) through the raw driver, the way the server will. */
async function listen(db: TestDb, channel: string) {
  let deliver: (payload: string) => void = () => {};
  const next = new Promise<string>((resolve) => {
    deliver = resolve;
  });
  if (db.kind === "pglite") {
    const unlisten = await db.pglite.listen(channel, deliver);
    return { next, stop: () => unlisten() };
  }
  const client = db.createClient();
  client.on("notification", (message) => deliver(message.payload ?? ""));
  await client.connect();
  await client.query(`LISTEN ${channel}`);
  return { next, stop: () => client.end() };
}
