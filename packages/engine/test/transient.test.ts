// Connection-level database failures while an action runs: retried (bounded) and applied once;
// when they last, `execute` throws TransientDatabaseError and records no final failure.
// On PostgreSQL the action's backend is really terminated; PGlite runs in-process and has no
// connection to lose, so the driver's error for a dead connection is raised instead.
import { Prisma } from "@trellis/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlers } from "../src/handlers/index.ts";
import { ActionEngine } from "../src/pipeline/engine.ts";
import { isTransientDatabaseError, TransientDatabaseError } from "../src/pipeline/transient.ts";
import { createHarness, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

/** An engine whose create_identity loses its connection `losses` times before it works. */
function engineLosing(losses: number, attempts: number) {
  let lost = 0;
  const engine = new ActionEngine({
    db: h.db,
    bus: h.bus,
    transientRetry: { attempts, baseDelayMs: 1 },
    handlers: {
      ...handlers,
      create_identity: async (context, params) => {
        if (lost < losses) {
          lost++;
          if (h.db.kind === "postgres") {
            await context.tx.$executeRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
          }
          throw new Error("Client has encountered a connection error and is not queryable");
        }
        return handlers.create_identity(context, params);
      },
    },
  });
  return { engine, lost: () => lost };
}

const create = (userId: string, name: string) => ({
  userId,
  type: "create_identity",
  params: { name, category: "physical_expression" },
  invoker: "coach" as const,
  idempotencyKey: `create-${name}`,
});

describe("transient database failures", () => {
  it("a lost connection is retried and the action applied and audited once", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const { engine, lost } = engineLosing(2, 3);
    const outcome = await engine.execute(create(userId, "Runner"));
    expect(lost()).toBe(2);
    expect(outcome.status).toBe("completed");
    expect(await h.db.prisma.identity.count({ where: { userId } })).toBe(1);
    const rows = await h.db.prisma.action.findMany({ where: { userId } });
    expect(rows.map((r) => r.status)).toEqual(["completed"]);
  });

  it("when retries run out it throws TransientDatabaseError and records nothing final", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const { engine } = engineLosing(5, 2);
    await expect(engine.execute(create(userId, "Reader"))).rejects.toBeInstanceOf(
      TransientDatabaseError,
    );
    expect(await h.db.prisma.action.count({ where: { userId } })).toBe(0);
    // The same request, once the database is back, runs for the first time.
    const outcome = await h.engine.execute(create(userId, "Reader"));
    expect(outcome).toMatchObject({ status: "completed", replayed: false });
  });

  it("classifies the driver's and Prisma's connection errors as transient, nothing else", () => {
    const terminated = new Prisma.PrismaClientKnownRequestError("Raw query failed", {
      code: "P2010",
      clientVersion: Prisma.prismaVersion.client,
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { kind: "postgres", code: "57P01", message: "terminating connection" },
        },
      },
    });
    const unique = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", {
      code: "P2002",
      clientVersion: Prisma.prismaVersion.client,
    });
    expect(isTransientDatabaseError(terminated)).toBe(true);
    expect(isTransientDatabaseError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientDatabaseError(unique)).toBe(false);
    expect(isTransientDatabaseError(new Error("name is too long"))).toBe(false);
  });
});
