// The snapshot is read with one SQL statement; it must say exactly what the tables say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot } from "../src/coach/snapshot.ts";
import { ScriptedCoachModel } from "../src/model/scripted-coach-model.ts";
import { ScriptedUser } from "../src/model/scripted-user.ts";
import { type AiHarness, createAiHarness } from "./support.ts";

let h: AiHarness;
beforeAll(async () => {
  h = await createAiHarness();
});
afterAll(async () => {
  await h.dispose();
});

describe("loadSnapshot", () => {
  it("creates the coach state of a user's first turn", async () => {
    const userId = await h.newUser();
    await h.db.prisma.coachState.deleteMany({ where: { userId } });
    const snapshot = await loadSnapshot(h.db, userId);
    expect(snapshot).toMatchObject({ phase: "introduction", identities: [], conversation: [] });
    expect(await h.db.prisma.coachState.count({ where: { userId } })).toBe(1);
  });

  it("rejects an unknown user", async () => {
    await expect(loadSnapshot(h.db, "no-such-user")).rejects.toThrow(/No user/);
  });

  it("matches the tables after a session: state, identities, notes, pending, recent messages", async () => {
    const userId = await h.newUser();
    const turn = h.turn(new ScriptedCoachModel());
    const user = new ScriptedUser();
    for (let i = 0; i < 22; i++) {
      const state = await h.db.prisma.coachState.findUniqueOrThrow({ where: { userId } });
      await turn.send({ userId, message: user.answer(state.phase) });
    }
    await h.db.prisma.userNote.createMany({
      data: [
        { userId, note: "Has two dogs" },
        { userId, note: "Lives by the sea" },
      ],
    });
    const snapshot = await loadSnapshot(h.db, userId);

    const prisma = h.db.prisma;
    const [dbUser, state, identities, notes, pending, messages] = await Promise.all([
      prisma.user.findUniqueOrThrow({ where: { id: userId } }),
      prisma.coachState.findUniqueOrThrow({ where: { userId } }),
      prisma.identity.findMany({
        where: { userId },
        orderBy: [{ order: "asc" }, { createdAt: "asc" }],
      }),
      prisma.userNote.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
      prisma.pendingAction.findMany({
        where: { userId, status: "pending" },
        orderBy: { createdAt: "asc" },
      }),
      prisma.chatMessage.findMany({
        where: { userId },
        orderBy: { createdAt: "desc" },
        take: 12,
        include: { actions: { orderBy: { createdAt: "asc" } } },
      }),
    ]);
    expect(identities.length).toBeGreaterThan(0);
    expect(snapshot.userName).toBe(dbUser.firstName);
    expect(snapshot.phase).toBe(state.phase);
    expect(snapshot.currentIdentityId).toBe(state.currentIdentityId);
    expect(snapshot.whoYouAre).toEqual(state.whoYouAre);
    expect(snapshot.askedQuestions).toEqual(state.askedQuestions);
    // Dates included: the JSON read must give back the same instants.
    expect(snapshot.identities).toEqual(identities);
    expect(snapshot.userNotes).toEqual(notes.map((n) => n.note));
    expect(snapshot.pending).toEqual(
      pending.map((p) => ({ id: p.id, type: p.type, params: p.params })),
    );
    expect(snapshot.conversation).toEqual(
      messages.reverse().map((m) => ({
        role: m.role,
        content: m.content,
        actionSummaries: m.actions.flatMap((a) => (a.resultSummary ? [a.resultSummary] : [])),
      })),
    );
    expect(snapshot.conversation.some((m) => m.actionSummaries.length > 0)).toBe(true);
  });
});
