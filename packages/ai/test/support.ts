import type { Phase } from "@trellis/actions";
import {
  ActionEngine,
  type ActionEngine as Engine,
  handlers,
  InProcessEventBus,
} from "@trellis/engine";
import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { afterAll, afterEach, beforeAll } from "vitest";
import { CoachTurn, type CoachTurnOptions } from "../src/coach/coach-turn.ts";
import type { CoachModel } from "../src/model/coach-model.ts";
import { ProviderCoachModel } from "../src/model/openai-coach-model.ts";
import { PromptStore } from "../src/prompts/prompt-store.ts";
import { OpenAIProvider } from "../src/providers/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../src/testing/index.ts";

export interface AiHarness {
  db: TestDb;
  engine: Engine;
  prompts: PromptStore;
  turn(model: CoachModel, options?: Partial<CoachTurnOptions>): CoachTurn;
  newUser(firstName?: string): Promise<string>;
  /** A new user whose coaching is in `phase`. */
  userIn(phase: Phase): Promise<string>;
  dispose(): Promise<void>;
}

export async function createAiHarness(): Promise<AiHarness> {
  const db = await createTestDb();
  const bus = new InProcessEventBus();
  const engine = new ActionEngine({ db, bus, handlers });
  const prompts = new PromptStore(db);
  await prompts.seed();
  return {
    db,
    engine,
    prompts,
    turn: (model, options = {}) => new CoachTurn({ db, engine, prompts, model, ...options }),
    async newUser(firstName = "Ada") {
      return createTestUser(db, { firstName, lastName: "Lovelace" });
    },
    async userIn(phase) {
      return createTestUser(db, { firstName: "Ada", lastName: "Lovelace", phase });
    },
    async dispose() {
      await bus.close();
      await db.dispose();
    },
  };
}

export interface FakeOpenAIHarness {
  /** The test database, engine and prompts (set before the first test runs). */
  readonly h: AiHarness;
  /** The local OpenAI-compatible server; its `requests` are cleared after each test. */
  readonly server: FakeOpenAI;
  /** The real OpenAI provider pointed at the fake server. */
  provider(options?: ProviderOptions): OpenAIProvider;
  /** A tool-calling turn of the coach on that provider, at most `maxToolSteps` model calls. */
  toolTurn(maxToolSteps: number, options?: ProviderOptions): CoachTurn;
}

interface ProviderOptions {
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * A test file's harness and fake OpenAI server, started before its tests and closed after
 * them. Timeouts are not the subject of the files that use it: generous by default, so a
 * loaded machine cannot trip them.
 */
export function useFakeOpenAI(): FakeOpenAIHarness {
  let harness: AiHarness | undefined;
  let fake: FakeOpenAI | undefined;
  beforeAll(async () => {
    harness = await createAiHarness();
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake?.close();
    await harness?.dispose();
  });
  afterEach(() => {
    if (fake) fake.requests.length = 0;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useFakeOpenAI: used before its beforeAll ran");
    return value;
  };
  const provider = (options: ProviderOptions = {}) =>
    new OpenAIProvider({
      apiKey: "test-key",
      baseURL: started(fake).url,
      model: "gpt-test",
      timeoutMs: options.timeoutMs ?? 120_000,
      maxRetries: options.maxRetries ?? 2,
    });
  return {
    get h() {
      return started(harness);
    },
    get server() {
      return started(fake);
    },
    provider,
    toolTurn: (maxToolSteps, options) =>
      started(harness).turn(new ProviderCoachModel(provider(options)), {
        mode: "tools",
        invalidOutput: { maxToolSteps },
      }),
  };
}
