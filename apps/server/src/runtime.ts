// The composition root: the server's parts wired in dependency order (database → event bus →
// engine → prompts → models → note queue → coach turn → turn recovery), handed to the api as
// its `ApiRuntime`, and closed in reverse order. Packages only expose constructors taking what
// they need; this is the one place that decides which implementation each input gets. Tests,
// the bench and `pnpm start` all compose through here.
import {
  type Budgets,
  type CoachModel,
  CoachTurn,
  createModels,
  MeteredProvider,
  type ModelConfig,
  type NoteModel,
  type NoteQueue,
  NoteTaker,
  PgBossNoteQueue,
  PriceTable,
  PromptStore,
  type QueueOptions,
  type RuntimeObserver,
  startTurnRecovery,
  TracedCoachModel,
  type TurnRecovery,
  UsageLedger,
} from "@trellis/ai";
import type { ApiRuntime } from "@trellis/api";
import type { Db } from "@trellis/db";
import { ActionEngine, createEventBus, type EventBus, handlers } from "@trellis/engine";
import { ProcessRegistry, type ProcessRegistryOptions } from "./process-registry.ts";

export interface RuntimeOptions {
  /** Opened (and migrated) by the caller, who closes it after `Runtime.close()`. */
  db: Db;
  models?: ModelConfig;
  /** Override the coach model (tests, recorded sessions). */
  coachModel?: CoachModel;
  noteModel?: NoteModel;
  /** Retries and crash-recovery timing of note-taker jobs (see QueueOptions). */
  noteQueue?: Omit<QueueOptions, "onError">;
  /** Model calls per turn, including the first. */
  maxAttempts?: number;
  /** Milliseconds between the streamed words of the scripted coach (default 0). */
  scriptedPaceMs?: number;
  /**
   * How the coach model answers: `structured` (a strict JSON reply, the default) or `tools`
   * (tool calling, each call applied as it comes); `tools` needs a model endpoint.
   */
  turnMode?: TurnMode;
  /** Seed the repository's prompts (adds versions only for changed files). Default true. */
  seedPrompts?: boolean;
  onError?: (error: unknown, context: string) => void;
  /** How often interrupted turns are looked for and finished (default 30 s, the turn lease). */
  turnRecoveryMs?: number;
  /** Prices of the usage ledger (default: packages/ai/model-prices.json) and budgets (none). */
  usage?: { prices?: PriceTable; budgets?: Budgets };
  /** Told about model calls, action outcomes and note-job failures (metrics). */
  observer?: RuntimeObserver;
  /** Heartbeat timing of the process registry (defaults: every 1 s, dead after 3 s). */
  processes?: Pick<ProcessRegistryOptions, "beatMs" | "deadAfterMs">;
}

export type TurnMode = "structured" | "tools";

/** What the api calls (ApiRuntime), plus what the server and its tests hold on to. */
export interface Runtime extends ApiRuntime {
  bus: EventBus;
  engine: ActionEngine;
  prompts: PromptStore;
  turn: CoachTurn;
  noteQueue: NoteQueue;
  coachModelName: string;
  /** Every model call's tokens and cost (`admin.usage`). */
  usage: UsageLedger;
  /** This process in the process registry (its turn leases and slots carry it). */
  processId: string;
  /** Stops what was started, last first; the database stays open (its owner closes it). */
  close(): Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { db } = options;
  const onError = options.onError ?? (() => {});
  // Each part that needs stopping is deferred as it starts: a failure halfway through stops
  // what already runs (in reverse order) before the error propagates.
  await using started = new AsyncDisposableStack();
  const bus = await createEventBus(db, (error) => onError(error, "event bus"));
  started.defer(() => bus.close());
  // The recovery sweep runs as soon as a dead process's turn leases are ended, and its
  // note-taker jobs run again at once.
  let recovery: TurnRecovery | undefined;
  let abandoned: NoteQueue | undefined;
  const processes = await ProcessRegistry.start(db, {
    ...options.processes,
    onReaped: () => recovery?.sweep(),
    onAbandonedJobs: (attempts) => {
      abandoned?.retryAbandoned(attempts).catch((error) => onError(error, "note taker"));
    },
    onError: (error) => onError(error, "process registry"),
  });
  started.defer(() => processes.stop());
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

  const models = createModels(
    {
      ...options.models,
      ...(options.scriptedPaceMs !== undefined ? { scriptedPaceMs: options.scriptedPaceMs } : {}),
    },
    {
      wrapProvider: (openai, model) =>
        new MeteredProvider(openai, {
          ledger: usage,
          model,
          ...(options.usage?.budgets ? { budgets: options.usage.budgets } : {}),
          ...(options.observer?.modelCall ? { onCall: options.observer.modelCall } : {}),
          onError: (error) => onError(error, "usage ledger"),
        }),
    },
  );
  const coachModel = new TracedCoachModel(options.coachModel ?? models.coach);
  const noteModel = options.noteModel ?? models.note;
  const noteTaker = new NoteTaker({ db, engine, model: noteModel });
  const noteQueue: NoteQueue = await PgBossNoteQueue.start(db, noteTaker, {
    ...options.noteQueue,
    claims: processes,
    onError: (error: unknown) => onError(error, "note taker"),
    ...(options.observer?.noteJobFailure ? { onJobFailure: options.observer.noteJobFailure } : {}),
  });
  abandoned = noteQueue;
  started.defer(() => noteQueue.stop());
  if (options.turnMode === "tools" && !models.provider) {
    throw new Error("The tool-calling turn mode needs a model endpoint (OPENAI_API_KEY)");
  }
  const turn = new CoachTurn({
    db,
    engine,
    prompts,
    model: coachModel,
    ...(options.turnMode === "tools" ? { mode: "tools" as const } : {}),
    noteTaker: noteQueue,
    records: { ownerId: processes.id },
    ...(options.maxAttempts ? { invalidOutput: { maxAttempts: options.maxAttempts } } : {}),
    onBackgroundError: (error) => onError(error, "note taker enqueue"),
  });
  recovery = startTurnRecovery(turn, {
    intervalMs: options.turnRecoveryMs ?? 30_000,
    onError: (error) => onError(error, "turn recovery"),
  });
  started.defer(() => recovery?.stop());
  // Everything started: from here the runtime owns the stack and closes it.
  const running = started.move();
  return {
    db,
    bus,
    engine,
    prompts,
    turn,
    noteQueue,
    coachModelName: coachModel.name,
    usage,
    processId: processes.id,
    close: () => running.disposeAsync(),
  };
}
