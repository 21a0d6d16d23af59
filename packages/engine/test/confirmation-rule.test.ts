// The catalog's confirmation rule in the pipeline: a stored field the user confirms through one
// action (an identity's "I am" statement, through suggest_i_am_statement) cannot be set by the
// coach through another (update_identity), in any phase; the user still can.
import { phasesOfAction } from "@trellis/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, identitiesOf } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.dispose();
});

async function userWithIdentity(phase: Parameters<Harness["setPhase"]>[1]) {
  const userId = await h.newUser("identity_brainstorming");
  await h.engine.execute({
    userId,
    type: "create_identity",
    params: { name: "Runner", category: "physical_expression" },
    invoker: "coach",
  });
  await h.setPhase(userId, phase);
  const [identity] = await identitiesOf(h.db, userId);
  if (!identity) throw new Error("expected an identity");
  return { userId, identityId: identity.id };
}

describe("a field that needs the user's confirmation", () => {
  it.each(phasesOfAction("update_identity"))(
    "cannot be set by the coach through update_identity in %s: refused, audited, nothing applied",
    async (phase) => {
      const { userId, identityId } = await userWithIdentity(phase);
      const out = await h.engine.execute({
        userId,
        type: "update_identity",
        params: { identityId, name: "Sprinter", iAmStatement: "I am a sprinter" },
        invoker: "coach",
      });
      expect(out.status).toBe("failed");
      if (out.status !== "failed") return;
      expect(out.error).toMatchObject({ name: "ActionNotAllowedError", kind: "not_allowed" });
      expect(out.error.message).toBe(
        "iAmStatement needs the user's confirmation: propose it with suggest_i_am_statement",
      );
      // Atomic: the name in the same call is not applied either.
      const [identity] = await identitiesOf(h.db, userId);
      expect(identity).toMatchObject({ name: "Runner", iAmStatement: null });
      const row = await h.db.prisma.action.findFirstOrThrow({
        where: { userId, type: "update_identity" },
      });
      expect(row).toMatchObject({ status: "failed", invoker: "coach" });
      const pending = await h.db.prisma.pendingAction.count({ where: { userId } });
      expect(pending).toBe(0);
    },
  );

  it("the coach may still update the other fields, and the user may set the statement", async () => {
    const { userId, identityId } = await userWithIdentity("identity_visualization");
    const coach = await h.engine.execute({
      userId,
      type: "update_identity",
      params: { identityId, visualization: "Crossing the finish line at dawn" },
      invoker: "coach",
    });
    expect(coach.status).toBe("completed");
    const user = await h.engine.execute({
      userId,
      type: "update_identity",
      params: { identityId, iAmStatement: "I am a runner who shows up" },
      invoker: "user",
    });
    expect(user.status).toBe("completed");
    expect((await identitiesOf(h.db, userId))[0]).toMatchObject({
      visualization: "Crossing the finish line at dawn",
      iAmStatement: "I am a runner who shows up",
    });
  });

  it("the coach proposes it through the confirmed action, which waits for the user", async () => {
    const { userId, identityId } = await userWithIdentity("i_am_statement");
    const proposal = await h.engine.execute({
      userId,
      type: "suggest_i_am_statement",
      params: { identityId, statement: "I am a runner" },
      invoker: "coach",
    });
    expect(proposal.status).toBe("pending_confirmation");
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBeNull();
  });
});

describe("an agent acting for the user (`agent: true`, e.g. an MCP client)", () => {
  it("proposes a confirmed action: pending, applied only by the user's approval, once", async () => {
    const { userId, identityId } = await userWithIdentity("i_am_statement");
    const proposal = await h.engine.execute({
      userId,
      type: "suggest_i_am_statement",
      params: { identityId, statement: "I am a runner at dawn" },
      invoker: "user",
      agent: true,
    });
    expect(proposal.status).toBe("pending_confirmation");
    if (proposal.status !== "pending_confirmation") return;
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBeNull();
    const row = await h.db.prisma.action.findUniqueOrThrow({
      where: { id: proposal.actionId ?? "" },
    });
    expect(row).toMatchObject({ status: "pending_confirmation", invoker: "user" });

    const approved = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(approved.status).toBe("completed");
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBe("I am a runner at dawn");
    const again = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(again).toMatchObject({ status: "failed", error: { kind: "not_found" } });
  });

  it("proposes a param only the user may set instead of being refused or applying it", async () => {
    const { userId, identityId } = await userWithIdentity("identity_refinement");
    const proposal = await h.engine.execute({
      userId,
      type: "update_identity",
      params: { identityId, iAmStatement: "I am set by an agent" },
      invoker: "user",
      agent: true,
    });
    expect(proposal.status).toBe("pending_confirmation");
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBeNull();
    // Other params apply at once, as for the user.
    const rename = await h.engine.execute({
      userId,
      type: "update_identity",
      params: { identityId, name: "Sprinter" },
      invoker: "user",
      agent: true,
    });
    expect(rename.status).toBe("completed");
    expect((await identitiesOf(h.db, userId))[0]?.name).toBe("Sprinter");
  });
});
