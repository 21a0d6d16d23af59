// The action mix: one coaching session per user, written once and run two ways.
//   pipeline: ActionEngine.execute with the real handlers (parse, guard, lock, state, handler,
//             audit row, events, publish);
//   direct:   the same rows written straight through Prisma, one transaction per action: the
//             domain write(s) + the audit Action row + its two ActionEvent rows. No reads, no
//             checks: the floor the pipeline is compared with.
// The session walks a user from get_to_know_you to anything_missing, so every action runs in a
// phase that allows it: 28 actions (5 mark_question_asked, 5 transition_phase, 2
// update_who_you_are, 4 create_identity, 6 add_identity_note, 2 update_identity,
// 4 accept_identity_refinement).
import { randomUUID } from "node:crypto";
import {
  type ActionType,
  type IdentityCategory,
  isJsonObject,
  type JsonObject,
  type Phase,
  questionKeys,
} from "@trellis/actions";
import type { Db, Prisma } from "@trellis/db";
import type { ActionEngine } from "@trellis/engine";
import type { Json } from "../lib/report.ts";

type Params = { [key: string]: Json };
type Tx = Prisma.TransactionClient;

interface StepOutput {
  result: { [key: string]: Json };
  summary: string;
}

interface Step {
  type: ActionType;
  params: Params;
  /** The rows the handler would write, given the session's model: no reads, no checks. */
  direct(tx: Tx): Promise<StepOutput>;
}

interface IdentityModel {
  id: string;
  name: string;
  state: "proposed" | "accepted" | "refinement_complete";
}

/** What the session knows about its user, kept identical in both modes. */
interface SessionModel {
  userId: string;
  phase: Phase;
  asked: string[];
  identities: IdentityModel[];
  currentIdentityId: string | null;
}

const SEEDS: ReadonlyArray<{ name: string; category: IdentityCategory; note?: string }> = [
  { name: "Runner", category: "physical_expression", note: "Runs before work, three times a week" },
  { name: "Maker", category: "doer_of_things" },
  { name: "Saver", category: "keeper_of_money", note: "Puts a tenth of every salary aside" },
  { name: "Parent", category: "familial_relations" },
];

export const ACTIONS_PER_SESSION = 28;

/** The session's steps; each yield receives the step's result (ids come from results). */
function* session(userId: string): Generator<Step, void, JsonObject> {
  const model: SessionModel = {
    userId,
    phase: "get_to_know_you",
    asked: [],
    identities: [],
    currentIdentityId: null,
  };
  const coachState = (tx: Tx, data: Prisma.CoachStateUpdateInput) =>
    tx.coachState.update({
      where: { userId },
      data: { ...data, version: { increment: 1 } },
      select: { id: true },
    });
  const byName = (name: string): IdentityModel => {
    const identity = model.identities.find((candidate) => candidate.name === name);
    if (!identity) throw new Error(`bench session: no identity named ${name}`);
    return identity;
  };

  function transition(toPhase: Phase): Step {
    return {
      type: "transition_phase",
      params: { toPhase },
      async direct(tx) {
        const fromPhase = model.phase;
        let current = model.currentIdentityId;
        if (toPhase === "identity_refinement") {
          await tx.identity.updateMany({
            where: { userId, state: "proposed" },
            data: { state: "accepted" },
          });
          current = model.identities[0]?.id ?? null;
        }
        await coachState(tx, { phase: toPhase, currentIdentityId: current });
        return {
          result: { fromPhase, toPhase, currentIdentityId: current },
          summary: `Moved from phase ${fromPhase} to ${toPhase}`,
        };
      },
    };
  }
  const afterTransition = (result: JsonObject, toPhase: Phase) => {
    model.phase = toPhase;
    const current = result.currentIdentityId;
    model.currentIdentityId = typeof current === "string" ? current : null;
    if (toPhase === "identity_refinement") {
      for (const identity of model.identities) identity.state = "accepted";
    }
  };

  // get_to_know_you
  for (const question of questionKeys) {
    yield {
      type: "mark_question_asked",
      params: { question },
      async direct(tx) {
        await coachState(tx, { askedQuestions: [...model.asked, question] });
        return {
          result: { question, alreadyAsked: false },
          summary: `Marked question '${question}' as asked`,
        };
      },
    };
    model.asked.push(question);
  }
  afterTransition(yield transition("identity_warm_up"), "identity_warm_up");

  // identity_warm_up
  for (const items of [
    ["a nurse", "curious"],
    ["a nurse", "curious", "a night owl"],
  ]) {
    yield {
      type: "update_who_you_are",
      params: { items },
      async direct(tx) {
        await coachState(tx, { whoYouAre: items });
        return { result: { items }, summary: `Who you are: ${items.length} items` };
      },
    };
  }
  afterTransition(yield transition("identity_brainstorming"), "identity_brainstorming");

  // identity_brainstorming
  for (const [index, seed] of SEEDS.entries()) {
    const result = yield {
      type: "create_identity",
      params: {
        name: seed.name,
        category: seed.category,
        ...(seed.note ? { note: seed.note } : {}),
      },
      async direct(tx) {
        const identity = await tx.identity.create({
          data: {
            userId,
            name: seed.name,
            category: seed.category,
            state: "proposed",
            notes: seed.note ? [seed.note] : [],
            order: index + 1,
          },
          select: { id: true },
        });
        return {
          result: { identityId: identity.id, created: true },
          summary: `Created identity '${seed.name}' in category '${seed.category}'`,
        };
      },
    };
    model.identities.push({ id: String(result.identityId), name: seed.name, state: "proposed" });
  }
  for (const identity of model.identities) yield addNote(identity, `${identity.name} since 2020`);
  for (const [from, to] of [
    ["Runner", "Trail Runner"],
    ["Maker", "Builder"],
  ] as const) {
    const identity = byName(from);
    yield {
      type: "update_identity",
      params: { identityId: identity.id, name: to },
      async direct(tx) {
        await tx.identity.update({
          where: { id: identity.id },
          data: { name: to },
          select: { id: true },
        });
        return {
          result: { identityId: identity.id, updatedFields: ["name"] },
          summary: `Updated name of identity '${to}'`,
        };
      },
    };
    identity.name = to;
  }
  afterTransition(yield transition("brainstorming_review"), "brainstorming_review");
  afterTransition(yield transition("identity_refinement"), "identity_refinement");

  // identity_refinement
  for (const identity of model.identities.slice(0, 2)) {
    yield addNote(identity, `Refined: ${identity.name} is who I am at my best`);
  }
  for (const identity of model.identities) {
    yield {
      type: "accept_identity_refinement",
      params: { identityId: identity.id },
      async direct(tx) {
        await tx.identity.update({
          where: { id: identity.id },
          data: { state: "refinement_complete" },
          select: { id: true },
        });
        const next =
          model.identities.find((other) => other !== identity && other.state === "accepted") ??
          null;
        await coachState(tx, { currentIdentityId: next?.id ?? null });
        return {
          result: {
            identityId: identity.id,
            state: "refinement_complete",
            nextCurrentIdentityId: next?.id ?? null,
          },
          summary: `Accepted the refinement of '${identity.name}'.${next ? ` Current identity is now '${next.name}'.` : " No identity is pending this step."}`,
        };
      },
    };
    identity.state = "refinement_complete";
  }
  afterTransition(yield transition("anything_missing"), "anything_missing");

  function addNote(identity: IdentityModel, note: string): Step {
    return {
      type: "add_identity_note",
      params: { identityId: identity.id, note },
      async direct(tx) {
        await tx.identity.update({
          where: { id: identity.id },
          data: { notes: { push: note } },
          select: { id: true },
        });
        return {
          result: { identityId: identity.id, added: true },
          summary: `Added a note to identity '${identity.name}'`,
        };
      },
    };
  }
}

/** Runs one step; returns its result. Both modes throw when an action does not complete. */
export type StepRunner = (userId: string, step: Step) => Promise<JsonObject>;

export function pipelineRunner(engine: ActionEngine): StepRunner {
  return async (userId, step) => {
    const outcome = await engine.execute({
      userId,
      type: step.type,
      params: step.params,
      invoker: "coach",
    });
    if (outcome.status !== "completed") {
      throw new Error(`bench: ${step.type} did not complete: ${outcome.summary}`);
    }
    const result = outcome.result;
    if (!isJsonObject(result)) {
      throw new Error(`bench: ${step.type} returned a non-object result`);
    }
    return result;
  };
}

const TX_OPTIONS = { timeout: 20_000, maxWait: 20_000 };

export function directRunner(db: Db): StepRunner {
  return async (userId, step) => {
    const started = performance.now();
    return db.prisma.$transaction(async (tx) => {
      const output = await step.direct(tx);
      const actionId = randomUUID();
      await tx.action.create({
        data: {
          id: actionId,
          userId,
          type: step.type,
          params: step.params,
          invoker: "coach",
          status: "completed",
          resultSummary: output.summary,
          result: output.result,
          durationMs: Math.round(performance.now() - started),
        },
        select: { id: true },
      });
      const events = [
        { kind: "started", payload: { actionType: step.type, summary: null, data: step.params } },
        {
          kind: "completed",
          payload: { actionType: step.type, summary: output.summary, data: output.result },
        },
      ];
      for (const event of events) {
        await tx.actionEvent.create({
          data: { userId, actionId, kind: event.kind, payload: event.payload },
          select: { id: true },
        });
      }
      return output.result;
    }, TX_OPTIONS);
  };
}

/** Runs a whole session for one user; returns the number of actions run. */
export async function runSession(userId: string, run: StepRunner): Promise<number> {
  const steps = session(userId);
  let count = 0;
  let next = steps.next({});
  while (!next.done) {
    const result = await run(userId, next.value);
    count++;
    next = steps.next(result);
  }
  return count;
}

/** New users in get_to_know_you, the session's starting phase (not timed). */
export async function createUsers(db: Db, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const user = await db.prisma.user.create({
      data: {
        email: `${label}-${index}-${randomUUID()}@bench.test`,
        firstName: "Bench",
        lastName: `${label} ${index}`,
        coachState: { create: { phase: "get_to_know_you" } },
      },
      select: { id: true },
    });
    ids.push(user.id);
  }
  return ids;
}
