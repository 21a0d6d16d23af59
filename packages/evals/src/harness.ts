// The real coach, composed as the server composes it (engine, prompts, metered model, the
// coach turn), on a database of the caller's choice: every case runs through the production
// turn, its engine and its usage ledger, with only the model endpoint swapped for the proxy.
import {
  CoachTurn,
  createModels,
  MeteredProvider,
  PriceTable,
  PromptStore,
  UsageLedger,
} from "@trellis/ai";
import type { Db } from "@trellis/db";
import { ActionEngine, type EventBus, handlers, InProcessEventBus } from "@trellis/engine";

export type TurnMode = "structured" | "tools";

export interface ModelSettings {
  /** The model requested (recordings are keyed by it; prices come from the ledger's table). */
  model: string;
  /** Model calls per structured turn, including the first. */
  maxAttempts: number;
}

export const defaultModelSettings: ModelSettings = { model: "gpt-4o-mini", maxAttempts: 3 };

export interface Harness {
  readonly db: Db;
  readonly engine: ActionEngine;
  readonly prompts: PromptStore;
  readonly prices: PriceTable;
  /** A coach turn whose model calls go to `baseURL`. */
  turn(baseURL: string, mode: TurnMode, settings: ModelSettings): CoachTurn;
  close(): Promise<void>;
}

export interface HarnessOptions {
  prices?: PriceTable;
  /** Seed the repository's prompts as versions (default true; false when they were copied in). */
  seedPrompts?: boolean;
}

export async function createHarness(db: Db, options: HarnessOptions = {}): Promise<Harness> {
  const prices = options.prices ?? PriceTable.fromFile();
  const bus: EventBus = new InProcessEventBus();
  const engine = new ActionEngine({ db, bus, handlers });
  const prompts = new PromptStore(db);
  const ledger = new UsageLedger(db, prices);
  // The repository's prompts as versions (a no-op where they are already the newest).
  if (options.seedPrompts ?? true) await prompts.seed();
  return {
    db,
    engine,
    prompts,
    prices,
    turn(baseURL, mode, settings) {
      const models = createModels(
        // The key only has to be non-empty: the proxy is the endpoint, on this machine, so the
        // timeout only guards against a hang (a loaded 2-core machine is slow, not broken).
        { openaiApiKey: "eval", baseURL, model: settings.model, maxRetries: 0, timeoutMs: 600_000 },
        { wrapProvider: (provider, model) => new MeteredProvider(provider, { ledger, model }) },
      );
      return new CoachTurn({
        db,
        engine,
        prompts,
        model: models.coach,
        invalidOutput: { maxAttempts: settings.maxAttempts },
        mode,
      });
    },
    close: () => bus.close(),
  };
}
