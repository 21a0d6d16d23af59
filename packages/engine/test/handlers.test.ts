// Every handler's domain rules (docs/domain.md), through the real pipeline and database.
import type { Phase } from "@trellis/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, identitiesOf, stateOf } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.dispose();
});

async function run(
  userId: string,
  type: string,
  params: unknown,
  invoker: "coach" | "user" | "system" = "user",
) {
  return h.engine.execute({ userId, type, params, invoker });
}

/** Runs an action whose outcome must be completed, and returns that outcome. */
async function runCompleted(
  userId: string,
  type: string,
  params: unknown,
  invoker: "coach" | "user" | "system" = "user",
) {
  const outcome = await run(userId, type, params, invoker);
  if (outcome.status !== "completed") {
    throw new Error(`expected completed, got ${outcome.status}: ${JSON.stringify(outcome)}`);
  }
  return outcome;
}

/** The ids of the identities created, by position (throws instead of yielding undefined). */
class Ids {
  readonly #ids: string[] = [];
  push(id: string) {
    this.#ids.push(id);
  }
  at(index: number): string {
    const id = this.#ids[index];
    if (id === undefined) throw new Error(`no identity at ${index}`);
    return id;
  }
}

async function userWithIdentities(phase: Phase, names: Array<[string, string]>) {
  const userId = await h.newUser("identity_brainstorming");
  const ids = new Ids();
  for (const [name, category] of names) {
    const out = await runCompleted(userId, "create_identity", { name, category }, "coach");
    ids.push(String((out.result as { identityId: string }).identityId));
  }
  await h.setPhase(userId, phase);
  return { userId, ids };
}

/** Runner and Father, both refined (their next step is commitment); the user is in `phase`. */
async function refinedRunnerAndFather(phase: Phase) {
  const user = await userWithIdentities(phase, [
    ["Runner", "physical_expression"],
    ["Father", "familial_relations"],
  ]);
  await h.db.prisma.identity.updateMany({
    where: { userId: user.userId },
    data: { state: "refinement_complete" },
  });
  return user;
}

describe("create_identity", () => {
  it("creates a proposed identity with its note and a summary", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const out = await runCompleted(
      userId,
      "create_identity",
      { name: "Runner", category: "physical_expression", note: "runs daily" },
      "coach",
    );
    expect(out.summary).toBe("Created identity 'Runner' in category 'physical_expression'");
    const [identity] = await identitiesOf(h.db, userId);
    expect(identity).toMatchObject({ name: "Runner", state: "proposed", notes: ["runs daily"] });
  });

  it("skips a case-insensitive duplicate of a non-archived identity, and says so", async () => {
    const userId = await h.newUser("identity_brainstorming");
    await runCompleted(
      userId,
      "create_identity",
      { name: "Runner", category: "physical_expression" },
      "coach",
    );
    const again = await runCompleted(
      userId,
      "create_identity",
      { name: "rUNNER", category: "spiritual" },
      "coach",
    );
    expect(again.summary).toMatch(/^Skipped: identity 'Runner' already exists/);
    expect(await identitiesOf(h.db, userId)).toHaveLength(1);
  });

  it("allows the name again once the first one is archived", async () => {
    const { userId, ids } = await userWithIdentities("identity_brainstorming", [
      ["Runner", "physical_expression"],
    ]);
    await h.db.prisma.identity.update({ where: { id: ids.at(0) }, data: { state: "archived" } });
    await runCompleted(
      userId,
      "create_identity",
      { name: "runner", category: "physical_expression" },
      "coach",
    );
    expect(await identitiesOf(h.db, userId)).toHaveLength(2);
  });
});

describe("update_identity and add_identity_note", () => {
  it("updates only the given fields", async () => {
    const { userId, ids } = await userWithIdentities("identity_refinement", [
      ["Runner", "physical_expression"],
    ]);
    const out = await runCompleted(
      userId,
      "update_identity",
      { identityId: ids.at(0), name: "Athlete" },
      "coach",
    );
    expect(out.summary).toContain("name");
    const [identity] = await identitiesOf(h.db, userId);
    expect(identity).toMatchObject({ name: "Athlete", category: "physical_expression" });
  });

  it("appends a note once, ignoring an exact repeat", async () => {
    const { userId, ids } = await userWithIdentities("identity_refinement", [
      ["Runner", "physical_expression"],
    ]);
    await runCompleted(
      userId,
      "add_identity_note",
      { identityId: ids.at(0), note: "marathon in May" },
      "coach",
    );
    const again = await runCompleted(
      userId,
      "add_identity_note",
      { identityId: ids.at(0), note: "marathon in May" },
      "coach",
    );
    expect(again.summary).toMatch(/already/);
    const [identity] = await identitiesOf(h.db, userId);
    expect(identity?.notes).toEqual(["marathon in May"]);
  });
});

describe("accept actions advance the current identity", () => {
  it("accept_identity_refinement sets the state and moves to the next pending identity", async () => {
    const userId = await h.newUser("identity_brainstorming");
    for (const [name, category] of [
      ["Runner", "physical_expression"],
      ["Father", "familial_relations"],
      ["Saver", "keeper_of_money"],
    ]) {
      await runCompleted(userId, "create_identity", { name, category }, "coach");
    }
    await h.setPhase(userId, "brainstorming_review");
    await runCompleted(userId, "transition_phase", { toPhase: "identity_refinement" }, "coach");
    const [runner, father, saver] = await identitiesOf(h.db, userId);
    expect([runner?.state, father?.state, saver?.state]).toEqual([
      "accepted",
      "accepted",
      "accepted",
    ]);
    expect((await stateOf(h.db, userId)).currentIdentityId).toBe(runner?.id);

    const out = await runCompleted(
      userId,
      "accept_identity_refinement",
      { identityId: runner?.id },
      "coach",
    );
    expect(out.summary).toContain("Current identity is now 'Father'");
    expect((await stateOf(h.db, userId)).currentIdentityId).toBe(father?.id);
    await runCompleted(userId, "accept_identity_refinement", { identityId: father?.id }, "coach");
    await runCompleted(userId, "accept_identity_refinement", { identityId: saver?.id }, "coach");
    expect((await stateOf(h.db, userId)).currentIdentityId).toBeNull();
    const states = (await identitiesOf(h.db, userId)).map((i) => i.state);
    expect(states).toEqual(["refinement_complete", "refinement_complete", "refinement_complete"]);
  });

  it("commitment, I am and visualization walk the same way", async () => {
    const { userId, ids } = await refinedRunnerAndFather("identity_refinement");
    for (const [phase, next, action, done] of [
      [
        "anything_missing",
        "identity_commitment",
        "accept_identity_commitment",
        "commitment_complete",
      ],
      ["identity_commitment", "i_am_statement", "accept_i_am_statement", "i_am_complete"],
    ] as const) {
      await h.setPhase(userId, phase);
      await runCompleted(userId, "transition_phase", { toPhase: next }, "coach");
      expect((await stateOf(h.db, userId)).currentIdentityId).toBe(ids.at(0));
      await runCompleted(userId, action, { identityId: ids.at(0) }, "coach");
      expect((await stateOf(h.db, userId)).currentIdentityId).toBe(ids.at(1));
      await runCompleted(userId, action, { identityId: ids.at(1) }, "coach");
      expect((await identitiesOf(h.db, userId)).map((i) => i.state)).toEqual([done, done]);
    }
    await runCompleted(userId, "transition_phase", { toPhase: "identity_visualization" }, "coach");
    await runCompleted(userId, "accept_identity_visualization", { identityId: ids.at(0) }, "coach");
    expect((await stateOf(h.db, userId)).currentIdentityId).toBe(ids.at(1));
  });
});

describe("archive, nest and combine", () => {
  it("archive_identity in commitment advances the current identity", async () => {
    const { userId, ids } = await refinedRunnerAndFather("identity_commitment");
    await h.db.prisma.coachState.update({
      where: { userId },
      data: { currentIdentityId: ids.at(0) },
    });
    await runCompleted(userId, "archive_identity", { identityId: ids.at(0) });
    expect((await identitiesOf(h.db, userId))[0]?.state).toBe("archived");
    expect((await stateOf(h.db, userId)).currentIdentityId).toBe(ids.at(1));
  });

  it("nest_identity copies prefixed notes to the parent and archives the nested one", async () => {
    const { userId, ids } = await userWithIdentities("identity_commitment", [
      ["Athlete", "physical_expression"],
      ["Runner", "physical_expression"],
    ]);
    await h.db.prisma.identity.update({
      where: { id: ids.at(1) },
      data: { notes: ["runs daily", "5k PB"] },
    });
    const out = await runCompleted(userId, "nest_identity", {
      nestedIdentityId: ids.at(1),
      parentIdentityId: ids.at(0),
    });
    expect(out.summary).toContain("Nested 'Runner' into 'Athlete'");
    const [parent, nested] = await identitiesOf(h.db, userId);
    expect(parent?.notes).toEqual(["[from Runner] runs daily", "[from Runner] 5k PB"]);
    expect(nested?.state).toBe("archived");
  });

  it("nest_identity rejects nesting an identity in itself", async () => {
    const { userId, ids } = await userWithIdentities("identity_commitment", [
      ["Athlete", "physical_expression"],
    ]);
    const out = await run(userId, "nest_identity", {
      nestedIdentityId: ids.at(0),
      parentIdentityId: ids.at(0),
    });
    expect(out.status).toBe("failed");
    expect(out.status === "failed" && out.error.name).toBe("ActionValidationError");
  });

  it("combine_identities keeps A, renames it A/B, merges notes and archives B", async () => {
    const { userId, ids } = await userWithIdentities("brainstorming_review", [
      ["Runner", "physical_expression"],
      ["Cyclist", "physical_expression"],
    ]);
    await h.db.prisma.identity.update({ where: { id: ids.at(0) }, data: { notes: ["a"] } });
    await h.db.prisma.identity.update({ where: { id: ids.at(1) }, data: { notes: ["a", "b"] } });
    await runCompleted(userId, "combine_identities", {
      identityIdA: ids.at(0),
      identityIdB: ids.at(1),
    });
    const [a, b] = await identitiesOf(h.db, userId);
    expect(a).toMatchObject({ name: "Runner/Cyclist", notes: ["a", "b"] });
    expect(b?.state).toBe("archived");
  });

  it("combine_identities archives the passions_and_talents one when only one is", async () => {
    const { userId, ids } = await userWithIdentities("brainstorming_review", [
      ["Musician", "passions_and_talents"],
      ["Teacher", "doer_of_things"],
    ]);
    const out = await runCompleted(userId, "combine_identities", {
      identityIdA: ids.at(0),
      identityIdB: ids.at(1),
    });
    const [musician, teacher] = await identitiesOf(h.db, userId);
    expect(musician?.state).toBe("archived");
    expect(teacher).toMatchObject({ name: "Musician/Teacher", state: "proposed" });
    expect(out.result).toMatchObject({ keptIdentityId: ids.at(1), archivedIdentityId: ids.at(0) });
  });
});

describe("coach state actions", () => {
  it("set_current_identity refuses an archived identity", async () => {
    const { userId, ids } = await userWithIdentities("identity_visualization", [
      ["Runner", "physical_expression"],
    ]);
    await runCompleted(userId, "set_current_identity", { identityId: ids.at(0) }, "coach");
    expect((await stateOf(h.db, userId)).currentIdentityId).toBe(ids.at(0));
    await h.db.prisma.identity.update({ where: { id: ids.at(0) }, data: { state: "archived" } });
    const out = await run(userId, "set_current_identity", { identityId: ids.at(0) }, "coach");
    expect(out.status).toBe("failed");
  });

  it("a stored phase the catalog no longer knows is the first phase, as the coach's prompt says", async () => {
    const userId = await h.newUser("introduction");
    await h.db.prisma.coachState.update({ where: { userId }, data: { phase: "retired_phase" } });
    await runCompleted(userId, "transition_phase", { toPhase: "get_to_know_you" }, "coach");
    expect((await stateOf(h.db, userId)).phase).toBe("get_to_know_you");
  });

  it("focus, skip and unskip categories", async () => {
    const userId = await h.newUser("identity_brainstorming");
    await runCompleted(userId, "select_identity_focus", { category: "maker_of_money" }, "coach");
    expect((await stateOf(h.db, userId)).identityFocus).toBe("maker_of_money");
    await runCompleted(userId, "skip_identity_category", { category: "maker_of_money" }, "coach");
    await runCompleted(userId, "skip_identity_category", { category: "maker_of_money" }, "coach");
    let state = await stateOf(h.db, userId);
    expect(state.skippedCategories).toEqual(["maker_of_money"]);
    expect(state.identityFocus).toBe("keeper_of_money");
    await runCompleted(userId, "unskip_identity_category", { category: "maker_of_money" }, "coach");
    state = await stateOf(h.db, userId);
    expect(state.skippedCategories).toEqual([]);
  });

  it("who you are / want to be replace their lists", async () => {
    const userId = await h.newUser("identity_warm_up");
    await runCompleted(
      userId,
      "update_who_you_are",
      { items: ["a father", "an engineer"] },
      "coach",
    );
    await runCompleted(userId, "update_who_you_are", { items: ["a runner"] }, "coach");
    await runCompleted(userId, "update_who_you_want_to_be", { items: ["a writer"] }, "coach");
    const state = await stateOf(h.db, userId);
    expect(state.whoYouAre).toEqual(["a runner"]);
    expect(state.whoYouWantToBe).toEqual(["a writer"]);
  });

  it("mark_question_asked is idempotent", async () => {
    const userId = await h.newUser("get_to_know_you");
    await runCompleted(userId, "mark_question_asked", { question: "hobbies_interests" }, "coach");
    await runCompleted(userId, "mark_question_asked", { question: "hobbies_interests" }, "coach");
    await runCompleted(userId, "mark_question_asked", { question: "family_structure" }, "coach");
    expect((await stateOf(h.db, userId)).askedQuestions).toEqual([
      "hobbies_interests",
      "family_structure",
    ]);
  });

  it("transition_phase follows only declared transitions", async () => {
    const userId = await h.newUser("introduction");
    await runCompleted(userId, "transition_phase", { toPhase: "get_to_know_you" }, "coach");
    const jump = await run(
      userId,
      "transition_phase",
      { toPhase: "identity_visualization" },
      "coach",
    );
    expect(jump.status).toBe("failed");
    expect(jump.status === "failed" && jump.error.name).toBe("ActionNotAllowedError");
    expect((await stateOf(h.db, userId)).phase).toBe("get_to_know_you");
  });
});

describe("I am statement and user notes", () => {
  it("suggest_i_am_statement, once approved, sets the statement", async () => {
    const { userId, ids } = await userWithIdentities("i_am_statement", [
      ["Runner", "physical_expression"],
    ]);
    await runCompleted(userId, "suggest_i_am_statement", {
      identityId: ids.at(0),
      statement: "I am a runner who shows up",
    });
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBe("I am a runner who shows up");
  });

  it("the note taker adds, updates and deletes user notes", async () => {
    const userId = await h.newUser("get_to_know_you");
    const added = await runCompleted(userId, "add_user_note", { note: "Has two kids" }, "system");
    const noteId = String((added.result as { noteId: string }).noteId);
    await runCompleted(userId, "update_user_note", { noteId, note: "Has two daughters" }, "system");
    expect((await h.db.prisma.userNote.findMany({ where: { userId } })).map((n) => n.note)).toEqual(
      ["Has two daughters"],
    );
    await runCompleted(userId, "delete_user_note", { noteId }, "system");
    expect(await h.db.prisma.userNote.count({ where: { userId } })).toBe(0);
  });

  it("show_canned_replies changes nothing and returns the replies", async () => {
    const userId = await h.newUser("introduction");
    const out = await runCompleted(
      userId,
      "show_canned_replies",
      { replies: ["Let's start", "Tell me more"] },
      "coach",
    );
    expect(out.result).toEqual({ replies: ["Let's start", "Tell me more"] });
  });
});
