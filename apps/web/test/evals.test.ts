// The console's Evals pages in Chromium, on runs made by replaying committed cases through the
// real coach turn: the run history, one run per phase and action type, one case's expected vs
// produced actions, two runs side by side, and the cases page. Each page is scanned with axe.
import { compareRuns, replayCases, storeRun, summarize } from "@trellis/evals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type Browser, openBrowser, seriousViolations, startApp } from "./support.ts";

let app: App;
let browser: Browser;
let admin: { userId: string; token: string };

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), openBrowser()]);
  admin = await app.newUser({ role: "admin", firstName: "Olga" });
  const base = await replayCases(app.db, { caseIds: ["refine-accept"], modes: ["structured"] });
  const worse = await replayCases(app.db, {
    caseIds: ["refine-accept", "refine-accept-wrong-id"],
    modes: ["structured"],
  });
  for (const [run, version, comparison] of [
    [base, 1, null],
    [worse, 2, compareRuns(base.scores, worse.scores)],
  ] as const) {
    await storeRun(app.db, {
      promptVersion: version,
      baselineVersion: comparison ? 1 : null,
      promptVersions: { identity_refinement: version },
      model: "gpt-4o-mini",
      settings: { modes: ["structured"], trials: 1, maxAttempts: 3, replies: "replay" },
      summary: summarize(run.scores),
      scores: run.scores,
      comparison,
      gate: [],
      traceIds: [],
      durationMs: run.durationMs,
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

describe("the Evals pages", () => {
  it("show the run history, a run's scores, and one case's expected vs produced actions", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/#token=${admin.token}`);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Console" })
      .click();
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Evals" })
      .click();
    await page.getByRole("heading", { name: "Eval runs" }).waitFor();
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("v2 vs v1");
    expect(await seriousViolations(page)).toEqual([]);

    await rows.first().getByRole("link").click();
    await page.getByRole("heading", { name: /^Eval run / }).waitFor();
    const phases = page.getByRole("table", { name: "Per phase" });
    expect(await phases.getByRole("row", { name: /identity_refinement/ }).textContent()).toContain(
      "50%",
    );
    await page.getByRole("heading", { name: "Against v1" }).waitFor();
    expect(
      await page.getByText("phase identity_refinement paramAccuracy: 100% → 50%").count(),
    ).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "refine-accept-wrong-id" }).click();
    await page
      .getByRole("heading", { name: "refine-accept-wrong-id (structured, trial 0): failed" })
      .waitFor();
    const diff = page.getByRole("table", { name: "Expected vs produced actions" });
    expect(await diff.textContent()).toContain('"ref": "runner"');
    expect(await page.getByText("✗ accept_identity_refinement.identityId").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows two picked runs side by side, and the cases page", async () => {
    const { page } = browser;
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Evals" })
      .click();
    for (const box of await page.getByRole("checkbox").all()) await box.check();
    await page.getByRole("link", { name: "Compare the two picked runs" }).click();
    await page.getByRole("heading", { name: / vs / }).waitFor();
    const byAction = page.getByRole("table", { name: /Per action type/ });
    expect(
      await byAction.getByRole("row", { name: /accept_identity_refinement/ }).textContent(),
    ).toContain("100% → 50% -50 pts");
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${app.url}/console/evals/cases`);
    await page.getByRole("heading", { name: "Eval cases" }).waitFor();
    expect(await page.getByRole("form", { name: "Make a case from a turn" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
