// The catalog's confirmation rule in the pipeline: a stored field the user confirms through one
// action (an identity's "I am" statement, through suggest_i_am_statement) cannot be set by the
// coach through another (update_identity), in any phase; the user still can.
import { type Phase, phasesOfAction } from "@trellis/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, identitiesOf } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.dispose();
});

/**
 * A user whose one identity, Runner, is in `phase`; `act` runs an action on Runner as the coach,
 * the user, or an agent acting for the user (`agent: true`); `runner` reads it back.
 */
async function runnerIn(phase: Phase) {
  const { userId, identityId } = await h.userWithRunner(phase);
  const act = (by: "coach" | "user" | "agent", type: string, params: Record<string, unknown>) =>
    h.engine.execute({
      userId,
      type,
      params: { identityId, ...params },
      invoker: by === "coach" ? "coach" : "user",
      ...(by === "agent" ? { agent: true } : {}),
    });
  const runner = async () => (await identitiesOf(h.db, userId))[0];
  return { userId, act, runner };
}

describe("a field that needs the user's confirmation", () => {
  it.each(phasesOfAction("update_identity"))(
    "cannot be set by the coach through update_identity in %s: refused, audited, nothing applied",
    async (phase) => {
      const { userId, act, runner } = await runnerIn(phase);
      const out = await act("coach", "update_identity", {
        name: "Sprinter",
        iAmStatement: "I am a sprinter",
      });
      expect(out.status).toBe("failed");
      if (out.status !== "failed") return;
      expect(out.error).toMatchObject({ name: "ActionNotAllowedError", kind: "not_allowed" });
      expect(out.error.message).toBe(
        "iAmStatement needs the user's confirmation: propose it with suggest_i_am_statement",
      );
      // Atomic: the name in the same call is not applied either.
      expect(await runner()).toMatchObject({ name: "Runner", iAmStatement: null });
      const row = await h.db.prisma.action.findFirstOrThrow({
        where: { userId, type: "update_identity" },
      });
      expect(row).toMatchObject({ status: "failed", invoker: "coach" });
      const pending = await h.db.prisma.pendingAction.count({ where: { userId } });
      expect(pending).toBe(0);
    },
  );

  it("the coach may still update the other fields, and the user may set the statement", async () => {
    const { act, runner } = await runnerIn("identity_visualization");
    const visualization = "Crossing the finish line at dawn";
    expect((await act("coach", "update_identity", { visualization })).status).toBe("completed");
    const iAmStatement = "I am a runner who shows up";
    expect((await act("user", "update_identity", { iAmStatement })).status).toBe("completed");
    expect(await runner()).toMatchObject({ visualization, iAmStatement });
  });

  it("the coach proposes it through the confirmed action, which waits for the user", async () => {
    const { act, runner } = await runnerIn("i_am_statement");
    const proposal = await act("coach", "suggest_i_am_statement", { statement: "I am a runner" });
    expect(proposal.status).toBe("pending_confirmation");
    expect((await runner())?.iAmStatement).toBeNull();
  });
});

describe("an agent acting for the user (`agent: true`, e.g. an MCP client)", () => {
  it("proposes a confirmed action: pending, applied only by the user's approval, once", async () => {
    const { userId, act, runner } = await runnerIn("i_am_statement");
    const statement = "I am a runner at dawn";
    const proposal = await act("agent", "suggest_i_am_statement", { statement });
    expect(proposal.status).toBe("pending_confirmation");
    if (proposal.status !== "pending_confirmation") return;
    expect((await runner())?.iAmStatement).toBeNull();
    const row = await h.db.prisma.action.findUniqueOrThrow({
      where: { id: proposal.actionId ?? "" },
    });
    expect(row).toMatchObject({ status: "pending_confirmation", invoker: "user" });

    const approved = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(approved.status).toBe("completed");
    expect((await runner())?.iAmStatement).toBe(statement);
    const again = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(again).toMatchObject({ status: "failed", error: { kind: "not_found" } });
  });

  it("proposes a param only the user may set instead of being refused or applying it", async () => {
    const { act, runner } = await runnerIn("identity_refinement");
    const proposal = await act("agent", "update_identity", {
      iAmStatement: "I am set by an agent",
    });
    expect(proposal.status).toBe("pending_confirmation");
    expect((await runner())?.iAmStatement).toBeNull();
    // Other params apply at once, as for the user.
    const rename = await act("agent", "update_identity", { name: "Sprinter" });
    expect(rename.status).toBe("completed");
    expect((await runner())?.name).toBe("Sprinter");
  });
});
