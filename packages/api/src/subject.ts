// Whose data a procedure reads or changes: the caller's own, or (admins only) the user
// instantiated from one of the caller's test scenarios. A scenario of another admin, or one
// without an instance, is "not found", exactly like an id that does not exist.
import type { Db, TestScenario } from "@trellis/db";
import { TRPCError } from "@trpc/server";
import { notFound } from "./errors.ts";
import type { Caller } from "./tokens.ts";

export interface Subject {
  userId: string;
  testScenarioId: string | null;
}

export async function ownedScenario(
  db: Db,
  caller: Caller,
  scenarioId: string,
): Promise<TestScenario> {
  const scenario = await db.prisma.testScenario.findFirst({
    where: { id: scenarioId, ownerId: caller.userId },
  });
  if (!scenario) throw notFound(`No test scenario with id ${scenarioId}`);
  return scenario;
}

export async function subjectOf(
  db: Db,
  caller: Caller,
  testScenarioId: string | undefined,
): Promise<Subject> {
  if (testScenarioId === undefined) return { userId: caller.userId, testScenarioId: null };
  if (caller.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Test scenarios are for admins" });
  }
  const scenario = await ownedScenario(db, caller, testScenarioId);
  if (scenario.userId === null) {
    throw notFound(`Test scenario ${testScenarioId} has no instance: instantiate it first`);
  }
  return { userId: scenario.userId, testScenarioId: scenario.id };
}
