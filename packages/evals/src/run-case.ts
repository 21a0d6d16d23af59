// One trial of one case: start the user, send the user's messages through the real coach turn
// (model calls through the proxy), and collect what the last turn produced: the actions as the
// engine recorded them, every action the model attempted (invalid ones included), the phase
// after, the ledger's tokens and cost, and the time it took.
import { CoachTurnError } from "@trellis/ai";
import type { TurnResult } from "@trellis/contract";
import { type EvalCase, startPhase } from "./case-schema.ts";
import type { Harness, ModelSettings, TurnMode } from "./harness.ts";
import { attemptedActions } from "./replay/attempts.ts";
import type { ModelProxy } from "./replay/proxy.ts";
import { startUser } from "./start-state.ts";

export interface ProducedAction {
  type: string;
  params: unknown;
  /** completed | failed | pending_confirmation (from the audit log), or rejected (invalid). */
  status: string;
  /** The engine's error kind when it refused the action. */
  errorKind: string | null;
}

interface AttemptedAction {
  type: string;
  params: unknown;
}

export interface TrialOutcome {
  caseId: string;
  phase: string;
  mode: TurnMode;
  trial: number;
  produced: ProducedAction[];
  /** Every action in every model reply of the turn (re-asked ones included). */
  attempted: AttemptedAction[];
  /** Model calls of the last turn (1 when the first reply was valid). */
  attempts: number;
  phaseAfter: string;
  message: string;
  usage: { promptTokens: number; completionTokens: number; costUsd: number; calls: number };
  latencyMs: number;
  /** The turn's failure kind, when it failed. */
  error: string | null;
  traceId: string | null;
  /** The case's identity keys → this run's ids. */
  ids: Record<string, string>;
  /** Every reply came from a recording with one reply: other trials would repeat this one. */
  repeatable: boolean;
}

/** A replay found no recording: loud, naming the case. */
class ReplayMissError extends Error {
  override readonly name = "ReplayMissError";
  constructor(caseId: string, mode: TurnMode, keys: readonly string[]) {
    super(
      `eval case ${caseId} (${mode}): no recorded model reply for request ${keys.join(", ")}. ` +
        "The prompt, the case or the model settings changed: record again (pnpm eval --record).",
    );
  }
}

export interface TrialInput {
  harness: Harness;
  proxy: ModelProxy;
  evalCase: EvalCase;
  mode: TurnMode;
  trial: number;
  settings: ModelSettings;
  promptVersion?: number | undefined;
}

export async function runTrial(input: TrialInput): Promise<TrialOutcome> {
  const { harness, evalCase, mode, trial } = input;
  const { userId, ids } = await startUser(harness.db, evalCase);
  const channel = input.proxy.open(evalCase.id, trial, ids);
  try {
    const turn = harness.turn(channel.baseURL, mode, input.settings);
    let result: TurnResult | null = null;
    let error: string | null = null;
    let latencyMs = 0;
    for (const [index, message] of evalCase.messages.entries()) {
      const last = index === evalCase.messages.length - 1;
      if (last) channel.calls.length = 0; // the last turn's calls are the ones scored
      const started = performance.now();
      try {
        result = await turn.send({
          userId,
          message,
          ...(input.promptVersion === undefined ? {} : { promptVersion: input.promptVersion }),
        });
      } catch (failure) {
        if (channel.misses.length > 0) throw new ReplayMissError(evalCase.id, mode, channel.misses);
        if (!(failure instanceof CoachTurnError)) throw failure;
        if (channel.replaying && failure.kind === "model_failed") {
          // Every reply is on this machine: a failed call (a timeout on an overloaded machine)
          // says nothing about the prompt, and must not pass for a low score.
          throw new Error(
            `eval case ${evalCase.id} (${mode}): a replayed model call failed: ${failure.message}`,
            { cause: failure },
          );
        }
        error = failure.kind;
        result = null;
      }
      latencyMs = performance.now() - started;
      if (error !== null) break;
    }
    const outcome = await collect(input, {
      userId,
      ids,
      result,
      error,
      latencyMs,
      calls: channel.calls,
    });
    return { ...outcome, repeatable: channel.repeatable };
  } finally {
    channel.close();
  }
}

interface Finished {
  userId: string;
  ids: Map<string, string>;
  result: TurnResult | null;
  error: string | null;
  latencyMs: number;
  calls: readonly { request: unknown; reply: unknown }[];
}

async function collect(
  input: TrialInput,
  done: Finished,
): Promise<Omit<TrialOutcome, "repeatable">> {
  const { prisma } = input.harness.db;
  const coachMessageId = done.result?.coachMessage.id;
  const rows = coachMessageId
    ? await prisma.action.findMany({
        where: { chatMessageId: coachMessageId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { type: true, params: true, status: true, error: true },
      })
    : [];
  const produced: ProducedAction[] = rows.map((row) => ({
    type: row.type,
    params: row.params,
    status: row.status,
    errorKind: errorKindOf(row.error),
  }));
  for (const rejected of done.result?.rejected ?? []) {
    produced.push({
      type: rejected.type ?? "(unknown)",
      params: null,
      status: "rejected",
      errorKind: "validation",
    });
  }
  const usage = done.result
    ? await prisma.modelUsage.findMany({ where: { turnId: done.result.userMessageId } })
    : [];
  const coach = coachMessageId
    ? await prisma.chatMessage.findUnique({
        where: { id: coachMessageId },
        select: { traceId: true },
      })
    : null;
  const state = await prisma.coachState.findUnique({
    where: { userId: done.userId },
    select: { phase: true },
  });
  return {
    caseId: input.evalCase.id,
    phase: startPhase(input.evalCase),
    mode: input.mode,
    trial: input.trial,
    produced,
    attempted: done.calls.flatMap((call) => attemptedActions(call.reply)),
    attempts: done.result?.attempts ?? done.calls.length,
    phaseAfter: state?.phase ?? "introduction",
    message: done.result?.coachMessage.content ?? "",
    usage: {
      promptTokens: sum(usage.map((u) => u.promptTokens)),
      completionTokens: sum(usage.map((u) => u.completionTokens)),
      costUsd: sum(usage.map((u) => u.costUsd ?? 0)),
      calls: sum(usage.map((u) => u.calls)),
    },
    latencyMs: done.latencyMs,
    error: done.error,
    traceId: coach?.traceId ?? null,
    ids: Object.fromEntries(done.ids),
  };
}

function errorKindOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("kind" in error)) return null;
  return typeof error.kind === "string" ? error.kind : null;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
