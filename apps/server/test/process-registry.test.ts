// The process registry: a process whose heartbeat stopped is reaped by the next heartbeat of
// any live one, which ends its turn leases (a retry or the recovery sweep takes the turn over
// at once) and deletes its concurrency slots; a live process's are left alone.
import { createTestDb, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessRegistry } from "../src/process-registry.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

async function userWithTurn(ownerId: string): Promise<{ userId: string; turnId: string }> {
  const user = await db.prisma.user.create({
    data: { email: `p-${ownerId}@example.test`, firstName: "P", lastName: "R" },
  });
  const turn = await db.prisma.turnRecord.create({
    data: {
      userId: user.id,
      idempotencyKey: "k",
      stage: "started",
      response: { stage: "started", userMessageId: "m" },
      leaseUntil: new Date(Date.now() + 30_000),
      ownerId,
    },
  });
  await db.prisma.concurrencySlot.create({
    data: { key: `turn:${user.id}`, expiresAt: new Date(Date.now() + 30_000), ownerId },
  });
  return { userId: user.id, turnId: turn.id };
}

describe("process registry", () => {
  it("ends the leases and frees the slots of a process whose heartbeat stopped, not a live one's", async () => {
    const reaped: number[] = [];
    const live = await ProcessRegistry.start(db, { beatMs: 60_000, deadAfterMs: 3_000 });
    const other = await ProcessRegistry.start(db, {
      beatMs: 60_000,
      onReaped: (turns) => reaped.push(turns),
    });
    // A process killed 10 s ago: its last heartbeat.
    await db.prisma.serverProcess.create({
      data: { id: "dead-process", heartbeatAt: new Date(Date.now() - 10_000) },
    });
    const dead = await userWithTurn("dead-process");
    const alive = await userWithTurn(live.id);

    expect(await other.beat()).toBe(1);
    expect(reaped).toEqual([1]);
    const ended = await db.prisma.turnRecord.findUniqueOrThrow({ where: { id: dead.turnId } });
    expect(ended.leaseUntil?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await db.prisma.concurrencySlot.count({ where: { key: `turn:${dead.userId}` } })).toBe(
      0,
    );
    const kept = await db.prisma.turnRecord.findUniqueOrThrow({ where: { id: alive.turnId } });
    expect(kept.leaseUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(await db.prisma.concurrencySlot.count({ where: { key: `turn:${alive.userId}` } })).toBe(
      1,
    );
    expect(await db.prisma.serverProcess.count({ where: { id: "dead-process" } })).toBe(0);

    // A clean stop leaves the registry: nothing of it is reaped later.
    await live.stop();
    await other.stop();
    expect(await db.prisma.serverProcess.count()).toBe(0);
  });

  it("hands over the note jobs a dead process claimed, not a live one's; released jobs leave the row", async () => {
    const abandoned: string[][] = [];
    const live = await ProcessRegistry.start(db, { beatMs: 60_000 });
    const other = await ProcessRegistry.start(db, {
      beatMs: 60_000,
      onAbandonedJobs: (attempts) => abandoned.push(attempts),
    });
    await live.claim("job-live:0");
    await live.claim("job-done:1");
    live.release("job-done:1");
    await live.beat();
    const row = await db.prisma.serverProcess.findUniqueOrThrow({ where: { id: live.id } });
    expect(row.noteJobs).toEqual(["job-live:0"]);

    await db.prisma.serverProcess.create({
      data: {
        id: "dead-worker",
        heartbeatAt: new Date(Date.now() - 10_000),
        noteJobs: ["job-a:0", "job-b:2"],
      },
    });
    await other.beat();
    expect(abandoned).toEqual([["job-a:0", "job-b:2"]]);
    // Reaped once: the next beat hands nothing over again.
    await other.beat();
    expect(abandoned).toHaveLength(1);
    await live.stop();
    await other.stop();
  });
});
