// The scenario service against a real database: a frozen user is instantiated with new ids
// (references inside rows and JSON follow them) and reset back to the snapshot.
import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countsOf,
  freezeUser,
  instantiateScenario,
  resetScenarioUser,
  ScenarioError,
} from "../src/index.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

async function seedUser(): Promise<{ userId: string; identityId: string }> {
  const userId = await createTestUser(db, { lastName: "Source", phase: "identity_refinement" });
  const identity = await db.prisma.identity.create({
    data: {
      userId,
      name: "Runner",
      category: "physical_expression",
      state: "accepted",
      order: 0,
    },
  });
  await db.prisma.coachState.update({
    where: { userId },
    data: { currentIdentityId: identity.id },
  });
  await db.prisma.action.create({
    data: {
      userId,
      type: "update_identity",
      params: { identityId: identity.id, name: "Runner" },
      status: "completed",
      invoker: "coach",
      idempotencyKey: "turn:original:0",
    },
  });
  return { userId, identityId: identity.id };
}

async function saveScenario(userId: string) {
  return db.prisma.testScenario.create({
    // freezeUser returns a JSON object; the admin router stores it the same way.
    data: { name: `scenario-${userId}`, snapshot: (await freezeUser(db, userId)) ?? {} },
  });
}

describe("scenarios", () => {
  it("instantiates a frozen user under new ids that references follow", async () => {
    const source = await seedUser();
    const scenario = await saveScenario(source.userId);
    expect(countsOf(scenario)).toEqual({
      identities: 1,
      notes: 0,
      messages: 0,
      actions: 1,
      pending: 0,
    });

    const instanceId = await instantiateScenario(db, scenario);
    expect(instanceId).not.toBe(source.userId);
    const [identity] = await db.prisma.identity.findMany({ where: { userId: instanceId } });
    expect(identity?.name).toBe("Runner");
    expect(identity?.id).not.toBe(source.identityId);
    const state = await db.prisma.coachState.findUniqueOrThrow({ where: { userId: instanceId } });
    expect(state.currentIdentityId).toBe(identity?.id);
    const [action] = await db.prisma.action.findMany({ where: { userId: instanceId } });
    expect(action?.params).toEqual({ identityId: identity?.id, name: "Runner" });
    expect(action?.idempotencyKey).toBeNull();
    const linked = await db.prisma.testScenario.findUniqueOrThrow({ where: { id: scenario.id } });
    expect(linked.userId).toBe(instanceId);
  });

  it("resets the instance back to the snapshot, keeping its user id", async () => {
    const source = await seedUser();
    const scenario = await saveScenario(source.userId);
    const instanceId = await instantiateScenario(db, scenario);
    await db.prisma.identity.deleteMany({ where: { userId: instanceId } });
    await db.prisma.userNote.create({ data: { userId: instanceId, note: "later" } });

    await resetScenarioUser(db, scenario, instanceId);

    const identities = await db.prisma.identity.findMany({ where: { userId: instanceId } });
    expect(identities.map((i) => i.name)).toEqual(["Runner"]);
    expect(await db.prisma.userNote.count({ where: { userId: instanceId } })).toBe(0);
  });

  it("refuses an unreadable snapshot and writes nothing", async () => {
    const scenario = await db.prisma.testScenario.create({
      data: { name: "broken", snapshot: { version: 99 } },
    });
    const users = await db.prisma.user.count();
    await expect(instantiateScenario(db, scenario)).rejects.toBeInstanceOf(ScenarioError);
    expect(await db.prisma.user.count()).toBe(users);
    expect(countsOf(scenario)).toEqual({
      identities: 0,
      notes: 0,
      messages: 0,
      actions: 0,
      pending: 0,
    });
  });
});
