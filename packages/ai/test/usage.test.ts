// Prices, the ledger's sums and the budgets read from it, on the test database.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError, checkBudgets } from "../src/usage/budget.ts";
import { UsageLedger } from "../src/usage/ledger.ts";
import { PriceFileError, PriceTable } from "../src/usage/prices.ts";

describe("model prices", () => {
  it("the default file prices the common OpenAI models, snapshots by their longest prefix", () => {
    const table = PriceTable.fromFile();
    expect(table.priceOf("gpt-4o-mini")).toEqual({ input: 0.15, cachedInput: 0.075, output: 0.6 });
    expect(table.priceOf("gpt-4o-mini-2024-07-18")).toEqual(table.priceOf("gpt-4o-mini"));
    expect(table.priceOf("gpt-4o-2024-08-06")).toEqual(table.priceOf("gpt-4o"));
    expect(table.priceOf("gpt-4omni")).toBeNull();
    expect(table.priceOf("llama3")).toBeNull();
  });

  it("cost: cached prompt tokens at the cached price (input when none), null without a price", () => {
    const table = new PriceTable({
      m: { input: 2, output: 8 },
      c: { input: 2, cachedInput: 1, output: 8 },
    });
    const usage = {
      promptTokens: 1_000_000,
      completionTokens: 500_000,
      totalTokens: 0,
      cachedPromptTokens: 400_000,
    };
    expect(table.costOf("m", usage)).toBeCloseTo(2 + 4, 10);
    expect(table.costOf("c", usage)).toBeCloseTo(0.6 * 2 + 0.4 * 1 + 4, 10);
    expect(table.costOf("other", usage)).toBeNull();
  });

  it("a broken price file is refused with its path and the problem", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prices-"));
    try {
      const bad = join(dir, "prices.json");
      await writeFile(bad, JSON.stringify({ models: { m: { input: -1, output: 1 } } }));
      expect(() => PriceTable.fromFile(bad)).toThrow(PriceFileError);
      expect(() => PriceTable.fromFile(bad)).toThrow(/prices\.json: models\.m\.input/);
      expect(() => PriceTable.fromFile(join(dir, "missing.json"))).toThrow(/Cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("ledger and budgets", () => {
  let db: TestDb;
  let ledger: UsageLedger;
  const day = new Date("2026-03-04T12:00:00Z");
  beforeAll(async () => {
    db = await createTestDb();
    ledger = new UsageLedger(db, new PriceTable({ m: { input: 1, output: 1 } }));
    const usage = { promptTokens: 300_000, completionTokens: 200_000, totalTokens: 500_000 };
    const scope = { purpose: "coach" as const, phase: "introduction", promptVersion: 1 };
    // The day before, late in the evening UTC: another day's budget.
    const before = new Date("2026-03-03T23:59:59Z");
    for (const [userId, model, calls, at] of [
      ["u1", "m", 1, day],
      ["u2", "m", 2, day],
      ["u1", "x", 1, before],
    ] as const) {
      await ledger.record({ scope: { ...scope, userId }, model, usage, calls, at });
    }
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("sums per UTC day and user", async () => {
    expect(await ledger.userTokensOn("u1", day)).toBe(500_000);
    expect(await ledger.userTokensOn("u1", new Date("2026-03-03T08:00:00Z"))).toBe(500_000);
    expect(await ledger.costOn(day)).toBeCloseTo(1, 10);
    const byDay = await ledger.summarize({ groupBy: ["day", "model"] });
    expect(byDay.map((row) => [row.day, row.model, row.calls, row.costUsd])).toEqual([
      ["2026-03-04", "m", 3, 1],
      ["2026-03-03", "x", 1, 0],
    ]);
  });

  it("budgets: off by default, then per user tokens and deployment cost per day", async () => {
    await expect(checkBudgets(ledger, {}, "u1", day)).resolves.toBeUndefined();
    await expect(
      checkBudgets(ledger, { userDailyTokens: 500_001 }, "u1", day),
    ).resolves.toBeUndefined();
    const tokens = checkBudgets(ledger, { userDailyTokens: 500_000 }, "u1", day);
    await expect(tokens).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(tokens).rejects.toMatchObject({ budget: "user_daily_tokens" });
    await expect(checkBudgets(ledger, { dailyCostUsd: 1 }, "u3", day)).rejects.toMatchObject({
      budget: "daily_cost",
    });
    await expect(checkBudgets(ledger, { dailyCostUsd: 1.5 }, "u3", day)).resolves.toBeUndefined();
    // The next day starts from zero.
    const next = new Date("2026-03-05T00:00:01Z");
    await expect(
      checkBudgets(ledger, { userDailyTokens: 1, dailyCostUsd: 0.01 }, "u1", next),
    ).resolves.toBeUndefined();
  });
});
