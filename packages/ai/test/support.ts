import {
  ActionEngine,
  type ActionEngine as Engine,
  handlers,
  InProcessEventBus,
} from "@trellis/engine";
import { createTestDb, type TestDb } from "@trellis/testing";
import { CoachTurn, type CoachTurnOptions } from "../src/coach/coach-turn.ts";
import type { CoachModel } from "../src/model/coach-model.ts";
import { PromptStore } from "../src/prompts/prompt-store.ts";

export interface AiHarness {
  db: TestDb;
  engine: Engine;
  prompts: PromptStore;
  turn(model: CoachModel, options?: Partial<CoachTurnOptions>): CoachTurn;
  newUser(firstName?: string): Promise<string>;
  dispose(): Promise<void>;
}

let counter = 0;

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
      counter++;
      const user = await db.prisma.user.create({
        data: {
          email: `ai-${counter}-${Date.now()}@example.test`,
          firstName,
          lastName: "Lovelace",
          role: "user",
          coachState: { create: {} },
        },
      });
      return user.id;
    },
    async dispose() {
      await bus.close();
      await db.dispose();
    },
  };
}
