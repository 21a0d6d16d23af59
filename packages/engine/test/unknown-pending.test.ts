// Pending confirmations stored under a name no action has any more (an action renamed without
// `renamedFrom`, or removed): the server finds them when it starts, and approving one says why
// it cannot apply and what keeps such rows valid (issue 21, item 10).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unknownPendingAdvice, unknownPendingTypes } from "../src/pipeline/unknown-pending.ts";
import { createHarness, type Harness, identitiesOf } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.dispose();
});

/** A coach proposal of archive_identity, left pending, stored as if proposed under `storedAs`. */
async function pendingArchive(userId: string, storedAs: string): Promise<string> {
  await h.setPhase(userId, "identity_brainstorming");
  await h.engine.execute({
    userId,
    type: "create_identity",
    params: { name: `Runner ${storedAs}`, category: "physical_expression" },
    invoker: "coach",
  });
  await h.setPhase(userId, "identity_commitment");
  const identity = (await identitiesOf(h.db, userId)).at(-1);
  const proposal = await h.engine.execute({
    userId,
    type: "archive_identity",
    params: { identityId: identity?.id },
    invoker: "coach",
  });
  if (proposal.status !== "pending_confirmation") throw new Error("expected a pending proposal");
  await h.db.prisma.pendingAction.update({
    where: { id: proposal.pendingActionId },
    data: { type: storedAs },
  });
  return proposal.pendingActionId;
}

describe("pending confirmations of an action that no longer exists", () => {
  it("are listed by name and count, open ones only, with what to do about them", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await pendingArchive(alice, "shelve_identity");
    await pendingArchive(bob, "shelve_identity");
    await pendingArchive(alice, "archive_identity");
    const resolved = await pendingArchive(bob, "drop_identity");
    await h.engine.rejectPending(bob, resolved);

    const unknown = await unknownPendingTypes(h.db);
    expect(unknown).toEqual([{ type: "shelve_identity", count: 2 }]);
    expect(unknown.map(unknownPendingAdvice)).toEqual([
      '2 open pending confirmations were proposed as shelve_identity, which no action defines any more (renamed without renamedFrom, or removed): approving fails. If the action was renamed, list "shelve_identity" in its definition\'s renamedFrom to keep them valid.',
    ]);
  });

  it("fail to apply with an error that says why, and leave the identity as it was", async () => {
    const userId = await h.newUser();
    const pendingActionId = await pendingArchive(userId, "retire_identity");
    const outcome = await h.engine.approvePending(userId, pendingActionId);
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error).toMatchObject({
      name: "ActionValidationError",
      kind: "validation",
      actionType: "retire_identity",
      message: `Unknown action type 'retire_identity': pending action ${pendingActionId} was proposed under this name, which no action defines any more (renamed without renamedFrom, or removed), so it cannot be applied. If the action was renamed, list 'retire_identity' in its definition's renamedFrom to apply it.`,
    });
    expect((await identitiesOf(h.db, userId)).map((each) => each.state)).toEqual(["proposed"]);
    const pending = await h.db.prisma.pendingAction.findUniqueOrThrow({
      where: { id: pendingActionId },
    });
    expect(pending.status).toBe("pending");
  });
});
