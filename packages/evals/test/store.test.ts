// Eval runs are stored once and never changed; cases are saved by their id (PGlite and
// PostgreSQL: the immutability is a trigger of the migration).
import { describe, expect, it } from "vitest";
import { summarize } from "../src/aggregate.ts";
import { loadCases } from "../src/case-files.ts";
import { saveCase, storeRun } from "../src/store.ts";
import { useTestDb } from "./support.ts";

const db = useTestDb();

describe("stored eval runs and cases", () => {
  it("keeps a run with its versions, model and settings, and refuses to change it", async () => {
    const id = await storeRun(db(), {
      promptVersion: 2,
      baselineVersion: 1,
      promptVersions: { identity_refinement: 2 },
      model: "gpt-4o-mini",
      settings: { modes: ["structured"], trials: 3, maxAttempts: 3, replies: "replay" },
      summary: summarize([]),
      scores: [],
      comparison: null,
      gate: [],
      traceIds: ["0af7651916cd43dd8448eb211c80319c"],
      durationMs: 1234.5,
    });
    const row = await db().prisma.evalRun.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      promptVersion: 2,
      baselineVersion: 1,
      promptVersions: { identity_refinement: 2 },
      model: "gpt-4o-mini",
      traceIds: ["0af7651916cd43dd8448eb211c80319c"],
      durationMs: 1235,
    });
    await expect(
      db().prisma.evalRun.update({ where: { id }, data: { model: "other" } }),
    ).rejects.toThrow(/EvalRun rows are immutable/);
    expect((await db().prisma.evalRun.findUniqueOrThrow({ where: { id } })).model).toBe(
      "gpt-4o-mini",
    );
  });

  it("saves a case by its id, replacing the earlier definition", async () => {
    const [first] = await loadCases();
    if (!first) throw new Error("no committed case");
    const id = await saveCase(db(), first, { source: "file" });
    const again = await saveCase(db(), { ...first, title: "edited" }, { source: "console" });
    expect(again).toBe(id);
    const row = await db().prisma.evalCase.findUniqueOrThrow({ where: { caseKey: first.id } });
    expect(row.source).toBe("console");
    expect(row.definition).toMatchObject({ id: first.id, title: "edited" });
  });
});
