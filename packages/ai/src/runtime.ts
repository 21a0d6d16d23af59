// The composition root shared by the server and the tests: one database, its event bus, the
// engine, the prompts, the coach model and the note taker's queue, closed in reverse order.
import type { Db } from "@trellis/db";
import { ActionEngine, createEventBus, type EventBus, handlers } from "@trellis/engine";
import { CoachTurn } from "./coach/coach-turn.ts";
import { startTurnRecovery } from "./coach/turn-recovery.ts";
import type { CoachModel } from "./model/coach-model.ts";
import { ProviderCoachModel } from "./model/openai-coach-model.ts";
import { ScriptedCoachModel } from "./model/scripted-coach-model.ts";
import { TracedCoachModel } from "./model/traced-coach-model.ts";
import { type NoteModel, ProviderNoteModel, ScriptedNoteModel } from "./notes/note-model.ts";
import { NoteTaker } from "./notes/note-taker.ts";
import { type NoteQueue, PgBossNoteQueue, type QueueOptions } from "./notes/queues.ts";
import { PromptStore } from "./prompts/prompt-store.ts";
import { OpenAIProvider } from "./providers/openai.ts";
import type { Budgets } from "./usage/budget.ts";
import { UsageLedger } from "./usage/ledger.ts";
import { MeteredProvider } from "./usage/metered-provider.ts";
import { PriceTable } from "./usage/prices.ts";
import type { RuntimeObserver } from "./usage/runtime-observer.ts";

export interface ModelConfig {
  /** Without a key the scripted model runs the coaching flow offline. */
  openaiApiKey?: string | undefined;
  model?: string | undefined;
  baseURL?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export interface RuntimeOptions {
  db: Db;
  models?: ModelConfig;
  /** Override the coach model (tests, recorded sessions). */
  coachModel?: CoachModel;
  noteModel?: NoteModel;
  /** Retries and crash-recovery timing of note-taker jobs (see QueueOptions). */
  noteQueue?: Omit<QueueOptions, "onError">;
  /** Model calls per turn, including the first. */
  maxAttempts?: number;
  /** Seed the repository's prompts (adds versions only for changed files). Default true. */
  seedPrompts?: boolean;
  onError?: (error: unknown, context: string) => void;
  /** How often interrupted turns are looked for and finished (default 30 s, the turn lease). */
  turnRecoveryMs?: number;
  /** Prices of the usage ledger (default: packages/ai/model-prices.json) and budgets (none). */
  usage?: { prices?: PriceTable; budgets?: Budgets };
  /** Told about model calls, action outcomes and note-job failures (metrics). */
  observer?: RuntimeObserver;
}

export interface Runtime {
  db: Db;
  bus: EventBus;
  engine: ActionEngine;
  prompts: PromptStore;
  turn: CoachTurn;
  noteQueue: NoteQueue;
  coachModelName: string;
  /** Every model call's tokens and cost. */
  usage: UsageLedger;
  close(): Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { db } = options;
  const onError = options.onError ?? (() => {});
  const bus = await createEventBus(db, (error) => onError(error, "event bus"));
  const engine = new ActionEngine({
    db,
    bus,
    handlers,
    onPublishError: (error) => onError(error, "publish"),
    ...(options.observer?.action ? { onOutcome: options.observer.action } : {}),
  });
  const usage = new UsageLedger(db, options.usage?.prices ?? PriceTable.fromFile());
  const prompts = new PromptStore(db);
  if (options.seedPrompts ?? true) await prompts.seed();

  const openai = options.models?.openaiApiKey
    ? new OpenAIProvider({
        apiKey: options.models.openaiApiKey,
        model: options.models.model ?? "gpt-4o-mini",
        ...(options.models.baseURL ? { baseURL: options.models.baseURL } : {}),
        timeoutMs: options.models.timeoutMs ?? 60_000,
        maxRetries: options.models.maxRetries ?? 2,
      })
    : null;
  const provider = openai
    ? new MeteredProvider(openai, {
        ledger: usage,
        model: options.models?.model ?? "gpt-4o-mini",
        ...(options.usage?.budgets ? { budgets: options.usage.budgets } : {}),
        ...(options.observer?.modelCall ? { onCall: options.observer.modelCall } : {}),
        onError: (error) => onError(error, "usage ledger"),
      })
    : null;
  const coachModel = new TracedCoachModel(
    options.coachModel ?? (provider ? new ProviderCoachModel(provider) : new ScriptedCoachModel()),
  );
  const noteModel =
    options.noteModel ?? (provider ? new ProviderNoteModel(provider) : new ScriptedNoteModel());
  const noteTaker = new NoteTaker({ db, engine, model: noteModel });
  const onNoteError = (error: unknown) => onError(error, "note taker");
  const noteQueue: NoteQueue = await PgBossNoteQueue.start(db, noteTaker, {
    ...options.noteQueue,
    onError: onNoteError,
    ...(options.observer?.noteJobFailure ? { onJobFailure: options.observer.noteJobFailure } : {}),
  });
  const turn = new CoachTurn({
    db,
    engine,
    prompts,
    model: coachModel,
    noteTaker: noteQueue,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    onBackgroundError: (error) => onError(error, "note taker enqueue"),
  });
  const recovery = startTurnRecovery(turn, {
    intervalMs: options.turnRecoveryMs ?? 30_000,
    onError: (error) => onError(error, "turn recovery"),
  });
  return {
    db,
    bus,
    engine,
    prompts,
    turn,
    noteQueue,
    coachModelName: coachModel.name,
    usage,
    async close() {
      await recovery.stop();
      await noteQueue.stop();
      await bus.close();
    },
  };
}
