// The coach turn end to end on a real database: a whole scripted session, asking the model
// again after invalid output, model failures, and idempotent retries after a crash.

import { phases } from "@trellis/actions";
import type { TurnResult } from "@trellis/contract";
import { ActionEngine, handlers, InProcessEventBus } from "@trellis/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoachTurn } from "../src/coach/coach-turn.ts";
import { CoachTurnError } from "../src/coach/errors.ts";
import type { CoachModel, CoachModelInput } from "../src/model/coach-model.ts";
import { RecordedCoachModel, ScriptedCoachModel } from "../src/model/scripted-coach-model.ts";
import { ScriptedUser } from "../src/model/scripted-user.ts";
import { TracedCoachModel } from "../src/model/traced-coach-model.ts";
import { type AiHarness, createAiHarness } from "./support.ts";

let h: AiHarness;
beforeAll(async () => {
  h = await createAiHarness();
});
afterAll(async () => {
  await h.dispose();
});

class CountingModel implements CoachModel {
  readonly name = "counting";
  calls: CoachModelInput[] = [];
  readonly #inner: CoachModel;
  constructor(inner: CoachModel) {
    this.#inner = inner;
  }
  async respond(input: CoachModelInput): Promise<string> {
    this.calls.push(input);
    return this.#inner.respond(input);
  }
}

describe("a whole scripted session", () => {
  it("walks from introduction to visualization, applying every action without failure", async () => {
    const userId = await h.newUser();
    const turn = h.turn(new ScriptedCoachModel());
    const phasesSeen: string[] = [];
    const user = new ScriptedUser();
    let last: TurnResult | undefined;
    for (let i = 0; i < 80; i++) {
      const state = await h.db.prisma.coachState.findUniqueOrThrow({ where: { userId } });
      if (phasesSeen.at(-1) !== state.phase) phasesSeen.push(state.phase);
      const message = user.answer(state.phase);
      last = await turn.send({ userId, message });
      for (const confirmation of last.coachMessage.component?.confirmations ?? []) {
        const approved = await h.engine.approvePending(userId, confirmation.pendingActionId);
        expect(approved.status).toBe("completed");
      }
      const identities = await h.db.prisma.identity.findMany({
        where: { userId, state: { not: "archived" } },
      });
      if (
        state.phase === "identity_visualization" &&
        identities.every((x) => x.state === "visualization_complete")
      )
        break;
    }
    // Every phase, in order (the list actions' domain tests pin to docs/domain.md).
    expect(phasesSeen).toEqual(phases);
    const identities = await h.db.prisma.identity.findMany({
      where: { userId },
      orderBy: { order: "asc" },
    });
    expect(identities.map((x) => x.name)).toEqual([
      "Running Marathons",
      "Build Bridges",
      "Daughters",
    ]);
    for (const identity of identities) {
      expect(identity.state).toBe("visualization_complete");
      expect(identity.iAmStatement).toMatch(/^I am /);
      expect(identity.visualization).toContain("finish line");
    }
    const failed = await h.db.prisma.action.findMany({ where: { userId, status: "failed" } });
    expect(failed.map((f) => [f.type, f.resultSummary])).toEqual([]);
    const state = await h.db.prisma.coachState.findUniqueOrThrow({ where: { userId } });
    expect(state.askedQuestions).toHaveLength(5);
    expect(state.whoYouAre).toEqual(["a mother", "an engineer", "a runner"]);
    expect(last?.state.phase).toBe("identity_visualization");
  });

  it("returns the message, per-action outcomes, the component and the new state", async () => {
    const userId = await h.newUser("Grace");
    const result = await h.turn(new ScriptedCoachModel()).send({ userId, message: "Hello" });
    expect(result.coachMessage.content).toContain("Hi Grace");
    expect(result.coachMessage.phase).toBe("introduction");
    expect(result.coachMessage.promptVersion).toBe(1);
    expect(result.actions.map((a) => [a.type, a.status])).toEqual([
      ["show_canned_replies", "completed"],
    ]);
    expect(result.coachMessage.component).toEqual({ quickReplies: ["I'm ready", "Tell me more"] });
    expect(result.state.phase).toBe("introduction");
    const stored = await h.db.prisma.chatMessage.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
    });
    expect(stored.map((m) => [m.role, m.phase])).toEqual([
      ["user", "introduction"],
      ["coach", "introduction"],
    ]);
    const action = await h.db.prisma.action.findFirstOrThrow({ where: { userId } });
    expect(action.chatMessageId).toBe(result.coachMessage.id);
  });
});

describe("tool-calling mode with the scripted coach", () => {
  it("gives the structured reply's message and actions, through the same model interface", async () => {
    const structured = h.turn(new ScriptedCoachModel());
    const tools = h.turn(new TracedCoachModel(new ScriptedCoachModel()), { mode: "tools" });
    const [a, b] = [await h.newUser(), await h.newUser()];
    const user = new ScriptedUser();
    for (let i = 0; i < 3; i++) {
      const state = await h.db.prisma.coachState.findUniqueOrThrow({ where: { userId: a } });
      const message = user.answer(state.phase);
      const viaJson = await structured.send({ userId: a, message });
      const viaTools = await tools.send({ userId: b, message });
      expect(viaTools.coachMessage.content).toBe(viaJson.coachMessage.content);
      expect(viaTools.actions.map((o) => [o.type, o.status])).toEqual(
        viaJson.actions.map((o) => [o.type, o.status]),
      );
      expect(viaTools.actions.length).toBeGreaterThan(0);
      expect(viaTools.state.phase).toBe(viaJson.state.phase);
    }
  });

  it("needs a model that can call tools", () => {
    const structuredOnly = new RecordedCoachModel(['{"message": "Hi", "actions": []}']);
    expect(() => h.turn(structuredOnly, { mode: "tools" })).toThrow(/cannot call tools/);
  });
});

describe("invalid model output", () => {
  it("asks again with the precise problems, then applies the valid reply", async () => {
    const userId = await h.newUser();
    const model = new CountingModel(
      new RecordedCoachModel([
        '{"message": "Hi", "actions": [{"type": "create_identity", "params": {"name": "X"}}]}',
        '{"message": "Hi again", "actions": [{"type": "show_canned_replies", "params": {"replies": ["Go"]}}]}',
      ]),
    );
    const result = await h.turn(model).send({ userId, message: "Hello" });
    expect(result.attempts).toBe(2);
    expect(result.coachMessage.content).toBe("Hi again");
    expect(result.actions.map((a) => a.status)).toEqual(["completed"]);
    const feedback = model.calls[1]?.messages.at(-1)?.content ?? "";
    expect(feedback).toContain("create_identity");
    // One header and one instruction: the policy sends the parser's feedback as it is.
    expect(feedback.match(/Reply again/g)).toHaveLength(1);
    expect(model.calls[1]?.messages.at(-2)).toMatchObject({ role: "assistant" });
  });

  it("after the last attempt, applies the valid part and reports the rejected items", async () => {
    const userId = await h.newUser();
    const bad =
      '{"message": "Let us begin", "actions": [{"type": "show_canned_replies", "params": {"replies": ["Go"]}}, {"type": "launch_rocket", "params": {}}]}';
    const model = new CountingModel(new RecordedCoachModel([bad]));
    const result = await h
      .turn(model, { invalidOutput: { maxAttempts: 2 } })
      .send({ userId, message: "Hello" });
    expect(model.calls).toHaveLength(2);
    expect(result.coachMessage.content).toBe("Let us begin");
    expect(result.actions.map((a) => a.type)).toEqual(["show_canned_replies"]);
    expect(result.rejected.map((r) => r.type)).toEqual(["launch_rocket"]);
  });

  it("fails clearly when no reply has a message, and applies nothing", async () => {
    const userId = await h.newUser();
    const turn = h.turn(new RecordedCoachModel(["not json at all"]), {
      invalidOutput: { maxAttempts: 2 },
    });
    await expect(turn.send({ userId, message: "Hello" })).rejects.toMatchObject({
      kind: "invalid_output",
    });
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(0);
    expect(await h.db.prisma.chatMessage.count({ where: { userId, role: "coach" } })).toBe(0);
  });

  it("rejects empty and oversized user messages before storing anything", async () => {
    const userId = await h.newUser();
    const turn = h.turn(new ScriptedCoachModel());
    await expect(turn.send({ userId, message: "   " })).rejects.toBeInstanceOf(CoachTurnError);
    await expect(turn.send({ userId, message: "x".repeat(5000) })).rejects.toMatchObject({
      kind: "invalid_input",
    });
    expect(await h.db.prisma.chatMessage.count({ where: { userId } })).toBe(0);
  });
});

describe("failures and retries", () => {
  it("a model failure applies nothing", async () => {
    const userId = await h.newUser();
    const failing: CoachModel = {
      name: "down",
      respond: async () => {
        throw new Error("503 Service Unavailable");
      },
    };
    await expect(h.turn(failing).send({ userId, message: "Hello" })).rejects.toMatchObject({
      kind: "model_failed",
    });
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(0);
  });

  it("replaying a finished turn's key returns it and applies nothing twice", async () => {
    const userId = await h.newUser();
    const model = new CountingModel(new ScriptedCoachModel());
    const turn = h.turn(model);
    const first = await turn.send({ userId, message: "Hello", idempotencyKey: "turn-1" });
    const again = await turn.send({ userId, message: "Hello", idempotencyKey: "turn-1" });
    expect(again.replayed).toBe(true);
    expect(again.coachMessage).toEqual(first.coachMessage);
    expect(again.actions).toEqual(first.actions);
    expect(model.calls).toHaveLength(1);
    expect(await h.db.prisma.chatMessage.count({ where: { userId } })).toBe(2);
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(1);
  });

  it("a crash after planning resumes on retry: no second model call, no action applied twice", async () => {
    const userId = await h.userIn("get_to_know_you");
    class CrashingEngine extends ActionEngine {
      override async executeAll(): Promise<never> {
        throw new Error("process killed");
      }
    }
    const crashing = new CrashingEngine({ db: h.db, bus: new InProcessEventBus(), handlers });
    const model = new CountingModel(new ScriptedCoachModel());
    const crashed = new CoachTurn({ db: h.db, engine: crashing, prompts: h.prompts, model });
    await expect(crashed.send({ userId, message: "Hi", idempotencyKey: "k" })).rejects.toThrow(
      "process killed",
    );
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(0);

    const resumed = await h.turn(model).send({ userId, message: "Hi", idempotencyKey: "k" });
    expect(model.calls).toHaveLength(1);
    expect(resumed.actions.map((a) => [a.type, a.status])).toEqual([
      ["mark_question_asked", "completed"],
    ]);
    const again = await h.turn(model).send({ userId, message: "Hi", idempotencyKey: "k" });
    expect(again.replayed).toBe(true);
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(1);
    expect(await h.db.prisma.chatMessage.count({ where: { userId, role: "user" } })).toBe(1);
  });
});
