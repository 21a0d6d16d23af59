// Shared setup for engine tests: an isolated database per test file, users, and an engine.
import type { Phase } from "@trellis/actions";
import type { ActionEventMessage } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { InProcessEventBus } from "../src/events/bus.ts";
import { handlers } from "../src/handlers/index.ts";
import { ActionEngine, type EngineOptions } from "../src/pipeline/engine.ts";

export interface Harness {
  db: TestDb;
  engine: ActionEngine;
  bus: InProcessEventBus;
  newUser(phase?: Phase): Promise<string>;
  setPhase(userId: string, phase: Phase): Promise<void>;
  /** A user whose one identity, Runner, the coach created while brainstorming; now in `phase`. */
  userWithRunner(phase: Phase): Promise<{ userId: string; identityId: string }>;
  collect(userId: string): ActionEventMessage[];
  dispose(): Promise<void>;
}

export async function createHarness(options: Partial<EngineOptions> = {}): Promise<Harness> {
  const db = await createTestDb();
  const bus = new InProcessEventBus();
  const engine = new ActionEngine({ db, bus, handlers, ...options });
  const newUser: Harness["newUser"] = (phase = "introduction") => createTestUser(db, { phase });
  const setPhase: Harness["setPhase"] = async (userId, phase) => {
    await db.prisma.coachState.update({ where: { userId }, data: { phase } });
  };
  return {
    db,
    engine,
    bus,
    newUser,
    setPhase,
    async userWithRunner(phase) {
      const userId = await newUser("identity_brainstorming");
      await engine.execute({
        userId,
        type: "create_identity",
        params: { name: "Runner", category: "physical_expression" },
        invoker: "coach",
      });
      await setPhase(userId, phase);
      const [identity] = await identitiesOf(db, userId);
      if (!identity) throw new Error("expected an identity");
      return { userId, identityId: identity.id };
    },
    collect(userId) {
      const events: ActionEventMessage[] = [];
      bus.subscribe(userId, (event) => events.push(event));
      return events;
    },
    async dispose() {
      await bus.close();
      await db.dispose();
    },
  };
}

export async function identitiesOf(db: Db, userId: string) {
  return db.prisma.identity.findMany({ where: { userId }, orderBy: { order: "asc" } });
}

export async function stateOf(db: Db, userId: string) {
  return db.prisma.coachState.findUniqueOrThrow({ where: { userId } });
}
