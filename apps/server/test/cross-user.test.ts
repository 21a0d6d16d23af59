// No procedure reaches another user's data: every id of someone else behaves exactly like an
// id that does not exist.
import type { ActionOutcome } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, seedPending, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let alice: TestUser;
let mallory: TestUser;
let alicePending: { identityId: string; pendingActionId: string };
const MISSING = "01a20000-0000-7000-8000-000000000000";

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser({ role: "admin", firstName: "Alice" });
  mallory = await h.newUser({ role: "admin", firstName: "Mallory" });
  await alice.client.chat.send.mutate({ message: "Hello" });
  alicePending = await seedPending(h, alice.userId);
});
afterAll(() => h.dispose());

/** An outcome with the id replaced, to compare "someone else's" with "missing". */
function shape(outcome: ActionOutcome, id: string) {
  expect(outcome.status).toBe("failed");
  if (outcome.status !== "failed") return null;
  return { kind: outcome.error.kind, message: outcome.error.message.replace(id, "<id>") };
}

describe("cross-user access", () => {
  it("pending.approve / pending.reject: another user's id is not found, and stays pending", async () => {
    const { pendingActionId } = alicePending;
    const approveTheirs = await mallory.client.pending.approve.mutate({ pendingActionId });
    const approveMissing = await mallory.client.pending.approve.mutate({
      pendingActionId: MISSING,
    });
    expect(shape(approveTheirs, pendingActionId)).toEqual(shape(approveMissing, MISSING));
    expect(shape(approveTheirs, pendingActionId)?.kind).toBe("not_found");

    const edited = await mallory.client.pending.approve.mutate({
      pendingActionId,
      type: "suggest_i_am_statement",
      params: { statement: "I am hacked." },
    });
    expect(shape(edited, pendingActionId)).toEqual(shape(approveMissing, MISSING));

    const rejectTheirs = await mallory.client.pending.reject.mutate({ pendingActionId });
    const rejectMissing = await mallory.client.pending.reject.mutate({ pendingActionId: MISSING });
    expect(shape(rejectTheirs, pendingActionId)).toEqual(shape(rejectMissing, MISSING));

    const open = await alice.client.pending.list.query();
    expect(open.map((p) => p.id)).toEqual([pendingActionId]);
    const identity = await h.db.prisma.identity.findUniqueOrThrow({
      where: { id: alicePending.identityId },
    });
    expect(identity.iAmStatement).toBeNull();
    expect(await mallory.client.pending.list.query()).toEqual([]);
  });

  it("chat.history: another user's message as cursor is not found", async () => {
    const page = await alice.client.chat.history.query({ limit: 1 });
    const theirs = page.items[0]?.id ?? "";
    expect(theirs).not.toBe("");
    expect(await errorCode(mallory.client.chat.history.query({ cursor: theirs }))).toBe(
      "NOT_FOUND",
    );
    expect(await errorCode(mallory.client.chat.history.query({ cursor: MISSING }))).toBe(
      "NOT_FOUND",
    );
    expect((await mallory.client.chat.history.query()).items).toEqual([]);
  });

  it("actions.log: another user's action as cursor is not found; the log is the caller's", async () => {
    const theirs = (await alice.client.actions.log.query({ limit: 1 })).items[0]?.id ?? "";
    expect(theirs).not.toBe("");
    expect(await errorCode(mallory.client.actions.log.query({ cursor: theirs }))).toBe("NOT_FOUND");
    const own = await mallory.client.actions.log.query({ limit: 100 });
    expect(own.items.every((item) => item.id !== theirs)).toBe(true);
  });

  it("actions.execute with another user's identity id is not found, and changes nothing", async () => {
    const { identityId } = alicePending;
    await h.db.prisma.coachState.update({
      where: { userId: mallory.userId },
      data: { phase: "identity_visualization" },
    });
    const theirs = await mallory.client.actions.execute.mutate({
      type: "update_identity",
      params: { identityId, name: "Pwned" },
    });
    const missing = await mallory.client.actions.execute.mutate({
      type: "update_identity",
      params: { identityId: MISSING, name: "Pwned" },
    });
    expect(shape(theirs, identityId)).toEqual(shape(missing, MISSING));
    expect(shape(theirs, identityId)?.kind).toBe("not_found");
    const identity = await h.db.prisma.identity.findUniqueOrThrow({ where: { id: identityId } });
    expect(identity.name).toBe("Runner");
  });

  it("test scenarios of another admin are not found through every scenario procedure", async () => {
    const scenario = await alice.client.admin.scenarios.freeze.mutate({ name: "alice-1" });
    const instance = await alice.client.admin.scenarios.instantiate.mutate({
      scenarioId: scenario.id,
    });
    const scenarioId = scenario.id;
    const attempts = {
      instantiate: () => mallory.client.admin.scenarios.instantiate.mutate({ scenarioId }),
      reset: () => mallory.client.admin.scenarios.reset.mutate({ scenarioId }),
      send: () => mallory.client.chat.send.mutate({ message: "Hi", testScenarioId: scenarioId }),
      history: () => mallory.client.chat.history.query({ testScenarioId: scenarioId }),
      state: () => mallory.client.state.get.query({ testScenarioId: scenarioId }),
      execute: () =>
        mallory.client.actions.execute.mutate({
          type: "transition_phase",
          params: { toPhase: "get_to_know_you" },
          testScenarioId: scenarioId,
        }),
      log: () => mallory.client.actions.log.query({ testScenarioId: scenarioId }),
      pendingList: () => mallory.client.pending.list.query({ testScenarioId: scenarioId }),
      approve: () =>
        mallory.client.pending.approve.mutate({
          pendingActionId: MISSING,
          testScenarioId: scenarioId,
        }),
      reject: () =>
        mallory.client.pending.reject.mutate({
          pendingActionId: MISSING,
          testScenarioId: scenarioId,
        }),
      freezeTheirInstance: () =>
        mallory.client.admin.scenarios.freeze.mutate({
          name: "stolen",
          userId: instance.userId ?? "",
        }),
      freezeThem: () =>
        mallory.client.admin.scenarios.freeze.mutate({
          name: "stolen-2",
          userId: alice.userId,
        }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const code = await errorCode(attempt()).catch((error: unknown) => String(error));
      expect([name, code]).toEqual([name, "NOT_FOUND"]);
    }
    const subscribed = await new Promise<unknown>((resolve) => {
      mallory.client.events.subscribe.subscribe(
        { testScenarioId: scenarioId },
        { onError: resolve, onData: () => resolve(new Error("got an event")) },
      );
    });
    expect(await errorCode(Promise.reject(subscribed))).toBe("NOT_FOUND");
    expect(await mallory.client.admin.scenarios.list.query()).toEqual([]);
    expect(
      await errorCode(mallory.client.admin.scenarios.instantiate.mutate({ scenarioId: MISSING })),
    ).toBe("NOT_FOUND");
  });

  it("tokens: a user cannot revoke another user's token", async () => {
    expect(
      await errorCode(mallory.client.account.revokeToken.mutate({ tokenId: alice.tokenId })),
    ).toBe("NOT_FOUND");
    expect((await alice.client.account.me.query()).id).toBe(alice.userId);
  });
});
