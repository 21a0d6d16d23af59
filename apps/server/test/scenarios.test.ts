// Test scenarios through the API: freeze a whole state, instantiate it as a new user, chat as
// that user, reset it back to the snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, seedPending, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let admin: TestUser;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.newUser({ role: "admin", firstName: "Ada" });
});
afterAll(() => h.dispose());

describe("test scenarios", () => {
  it("freezes, instantiates, chats as the instance, and resets it", async () => {
    await admin.client.chat.send.mutate({ message: "Hello" });
    await admin.client.chat.send.mutate({ message: "I'm ready" });
    const { identityId, pendingActionId } = await seedPending(h, admin.userId);
    await h.db.prisma.coachState.update({
      where: { userId: admin.userId },
      data: { currentIdentityId: identityId },
    });
    const source = await admin.client.state.get.query();

    const scenario = await admin.client.admin.scenarios.freeze.mutate({
      name: "i-am-pending",
      description: "One identity with a suggested statement",
    });
    expect(scenario.counts).toMatchObject({ identities: 1, messages: 4, pending: 1 });
    expect(scenario.userId).toBeNull();

    const instantiated = await admin.client.admin.scenarios.instantiate.mutate({
      scenarioId: scenario.id,
    });
    const instanceId = instantiated.userId ?? "";
    expect(instanceId).not.toBe("");
    expect(instanceId).not.toBe(admin.userId);
    const testScenarioId = scenario.id;

    const copy = await admin.client.state.get.query({ testScenarioId });
    expect(copy.user.id).toBe(instanceId);
    expect(copy.state.phase).toBe(source.state.phase);
    expect(copy.identities.map((i) => [i.name, i.state])).toEqual(
      source.identities.map((i) => [i.name, i.state]),
    );
    // New ids everywhere, and references follow them.
    expect(copy.identities[0]?.id).not.toBe(identityId);
    expect(copy.state.currentIdentityId).toBe(copy.identities[0]?.id);
    expect(copy.pending[0]?.id).not.toBe(pendingActionId);
    expect(copy.pending[0]?.params).toMatchObject({ identityId: copy.identities[0]?.id });
    const copiedHistory = await admin.client.chat.history.query({ testScenarioId });
    expect(copiedHistory.items.map((m) => m.content)).toEqual(
      (await admin.client.chat.history.query()).items.map((m) => m.content),
    );

    // Act as the scenario's user: approve its pending suggestion, then chat; only the
    // instance changes, and the turn's actions are tagged with the scenario.
    const approved = await admin.client.pending.approve.mutate({
      pendingActionId: copy.pending[0]?.id ?? "",
      testScenarioId,
    });
    expect(approved.status).toBe("completed");
    expect(await admin.client.pending.list.query()).toHaveLength(1);
    const turn = await admin.client.chat.send.mutate({ message: "I like it", testScenarioId });
    expect(turn.actions.map((a) => [a.type, a.status])).toEqual([
      ["accept_i_am_statement", "completed"],
    ]);
    const tagged = await admin.client.actions.log.query({ testScenarioId, invoker: "coach" });
    expect(tagged.items[0]).toMatchObject({ type: "accept_i_am_statement", testScenarioId });
    expect((await admin.client.chat.history.query({ testScenarioId })).items).toHaveLength(6);
    expect((await admin.client.chat.history.query()).items).toHaveLength(4);

    // Reset: back to the snapshot, same user id.
    const reset = await admin.client.admin.scenarios.reset.mutate({ scenarioId: scenario.id });
    expect(reset.userId).toBe(instanceId);
    const again = await admin.client.state.get.query({ testScenarioId });
    expect(again.user.id).toBe(instanceId);
    expect(again.identities.map((i) => [i.name, i.state, i.iAmStatement])).toEqual(
      copy.identities.map((i) => [i.name, i.state, i.iAmStatement]),
    );
    expect(again.pending).toHaveLength(1);
    expect((await admin.client.chat.history.query({ testScenarioId })).items).toHaveLength(4);
    expect(await h.db.prisma.action.count({ where: { userId: instanceId, testScenarioId } })).toBe(
      0,
    );

    const listed = await admin.client.admin.scenarios.list.query();
    expect(listed.map((s) => s.name)).toEqual(["i-am-pending"]);
  });

  it("a second instantiate replaces the instance; scenario names are unique", async () => {
    const scenario = await admin.client.admin.scenarios.freeze.mutate({ name: "twice" });
    const first = await admin.client.admin.scenarios.instantiate.mutate({
      scenarioId: scenario.id,
    });
    const second = await admin.client.admin.scenarios.instantiate.mutate({
      scenarioId: scenario.id,
    });
    expect(second.userId).not.toBe(first.userId);
    expect(await h.db.prisma.user.count({ where: { id: first.userId ?? "" } })).toBe(0);
    await expect(
      admin.client.admin.scenarios.freeze.mutate({ name: "twice" }),
    ).rejects.toMatchObject({
      data: { code: "CONFLICT", reason: "already_exists" },
    });
  });

  it("freezes the instance of one of the caller's scenarios", async () => {
    const base = await admin.client.admin.scenarios.freeze.mutate({ name: "base" });
    const instance = await admin.client.admin.scenarios.instantiate.mutate({ scenarioId: base.id });
    await admin.client.chat.send.mutate({ message: "Hello", testScenarioId: base.id });
    const derived = await admin.client.admin.scenarios.freeze.mutate({
      name: "derived",
      userId: instance.userId ?? "",
    });
    expect(derived.sourceUserId).toBe(instance.userId);
    expect(derived.counts.messages).toBe(base.counts.messages + 2);
  });
});
