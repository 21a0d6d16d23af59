// The operator console in Chromium: edit a prompt (new version, diff, activate), freeze a test
// scenario, chat as its user and reset it (after confirming), filter the action log (filters in
// the URL, kept across Back), read usage and cost, list and search users, create one (a taken
// email says so), issue a token (copy it, or its sign-in link) and revoke it. Each page is
// scanned with axe-core.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type App,
  type Browser,
  eventually,
  openBrowser,
  screenshot,
  seriousViolations,
  startApp,
} from "./support.ts";

let app: App;
let browser: Browser;
let admin: { userId: string; token: string };

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), openBrowser()]);
  admin = await app.newUser({ role: "admin", firstName: "Olga" });
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function open(page: Page, section: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: section })
    .click();
}

async function sendAndWait(page: Page, text: string): Promise<void> {
  const chat = page.getByRole("region", { name: "Chat with your coach" });
  const before = await page.locator('li[data-role="coach"]').count();
  await page.getByRole("textbox", { name: "Your message" }).fill(text);
  await page.getByRole("textbox", { name: "Your message" }).press("Enter");
  await eventually(
    async () =>
      (await chat.getAttribute("data-turn")) === "idle" &&
      (await page.locator('li[data-role="coach"]').count()) > before,
  );
}

describe("the operator console in Chromium", () => {
  it("is a separate chunk, loaded when an admin opens it", async () => {
    const { page } = browser;
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto(`${app.url}/#token=${admin.token}`);
    // A turn of the admin's own, for the action log below.
    await sendAndWait(page, "Hello, I am ready to start");
    expect(scripts.some((url) => /console-[^/]*\.js$/.test(url))).toBe(false);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Console" })
      .click();
    await page.getByRole("heading", { name: "Operator console" }).waitFor();
    expect(scripts.some((url) => /console-[^/]*\.js$/.test(url))).toBe(true);
  });

  it("edits a prompt as a new version, shows the diff, and activates it", async () => {
    const { page } = browser;
    await open(page, "Prompts");
    const v1 = page.locator('tr[data-version="1"]');
    await v1.waitFor();
    expect(await v1.textContent()).toContain("active");

    const body = page.getByLabel("Body, starting from v1");
    // An unknown placeholder is named, and the version cannot be saved.
    await body.fill(`${await body.inputValue()}\n{{notAKey}}`);
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("{{notAKey}}");
    expect(await page.getByRole("button", { name: "Save new version" }).isDisabled()).toBe(true);

    const original = (await body.inputValue()).replace("\n{{notAKey}}", "");
    await body.fill(`${original}\nKeep every reply short and warm.`);
    await page.getByLabel("Activate the new version").uncheck();
    await page.getByRole("button", { name: "Save new version" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Saved v2.");

    const v2 = page.locator('tr[data-version="2"]');
    await v2.waitFor();
    await v2.getByRole("button", { name: "v2", exact: true }).click();
    await page.getByRole("radio", { name: "Compare with v1" }).check();
    const diff = page.getByTestId("prompt-diff");
    await expect
      .poll(() => diff.locator("ins").textContent())
      .toContain("Keep every reply short and warm.");
    await screenshot(page, "05-console-prompts");
    expect(await seriousViolations(page)).toEqual([]);

    await v2.getByRole("button", { name: "Activate v2" }).click();
    await expect.poll(() => v2.locator("mark").textContent()).toBe("active");
    const active = await app.db.prisma.prompt.findFirst({
      where: { phase: "introduction", active: true },
    });
    expect(active?.version).toBe(2);
  });

  it("freezes a scenario, chats as its user, and resets it to the snapshot", async () => {
    const { page } = browser;
    await open(page, "Scenarios");
    await page.getByLabel("Scenario name").fill("Fresh start");
    await page.getByRole("button", { name: "Freeze" }).click();
    const row = page.locator('tr[data-scenario="Fresh start"]');
    await row.getByRole("button", { name: "Instantiate" }).click();
    await row.getByRole("button", { name: "Reset" }).waitFor();
    await screenshot(page, "06-console-scenarios");
    expect(await seriousViolations(page)).toEqual([]);

    const scenario = await app.db.prisma.testScenario.findFirstOrThrow({
      where: { name: "Fresh start" },
    });
    const userId = scenario.userId ?? "";
    expect(userId).not.toBe("");
    const frozen = await app.db.prisma.chatMessage.count({ where: { userId } });

    await row.getByRole("link", { name: "Chat as “Fresh start”" }).click();
    await page.getByRole("heading", { name: "Chat as the scenario's user" }).waitFor();
    await sendAndWait(page, "Hi, I am the scenario's user");
    expect(await app.db.prisma.chatMessage.count({ where: { userId } })).toBe(frozen + 2);

    await open(page, "Scenarios");
    const reset = page
      .locator('tr[data-scenario="Fresh start"]')
      .getByRole("button", { name: "Reset" });
    // Asked first: Cancel (focused, the safe choice) changes nothing.
    await reset.click();
    const dialog = page.getByRole("dialog", { name: "Reset “Fresh start” to its snapshot?" });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    expect(await app.db.prisma.chatMessage.count({ where: { userId } })).toBe(frozen + 2);

    await reset.click();
    await dialog.getByRole("button", { name: "Reset" }).click();
    await page.getByRole("status").filter({ hasText: "Reset to the snapshot." }).waitFor();
    expect(await app.db.prisma.chatMessage.count({ where: { userId } })).toBe(frozen);

    // Re-instantiating asks too; a taken scenario name says which.
    await page
      .locator('tr[data-scenario="Fresh start"]')
      .getByRole("button", { name: "Re-instantiate" })
      .click();
    await page.getByRole("dialog", { name: "Re-instantiate “Fresh start”?" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByLabel("Scenario name").fill("Fresh start");
    await page.getByRole("button", { name: "Freeze" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toBe("A scenario named “Fresh start” already exists: choose another name.");
  });

  it("filters the action log by status and invoker and shows an action's details", async () => {
    const { page } = browser;
    await open(page, "Action log");
    const rows = page.getByRole("list", { name: "Actions" }).locator("li");
    await rows.first().waitFor();
    await page.getByLabel("Invoker").selectOption("coach");
    await page.getByLabel("Status").selectOption("completed");
    await eventually(async () => {
      const invokers = await rows.evaluateAll((items) =>
        items.map(
          (item) => `${item.getAttribute("data-invoker")}/${item.getAttribute("data-status")}`,
        ),
      );
      return invokers.length > 0 && invokers.every((value) => value === "coach/completed");
    });
    await rows.first().locator("summary").click();
    await expect.poll(() => rows.first().locator("dl").textContent()).toContain("Params");
    await screenshot(page, "07-console-log");
    expect(await seriousViolations(page)).toEqual([]);

    // The filters are in the URL: another page and Back bring them back as they were.
    expect(new URL(page.url()).searchParams.get("status")).toBe("completed");
    await open(page, "Usage");
    await page.getByRole("heading", { name: "Usage", level: 1 }).waitFor();
    await page.goBack();
    await expect.poll(() => page.getByLabel("Status").inputValue()).toBe("completed");
    expect(await page.getByLabel("Invoker").inputValue()).toBe("coach");
    await expect
      .poll(() =>
        rows.evaluateAll((items) => items.map((item) => item.getAttribute("data-status"))),
      )
      .not.toContain("started");

    await page.getByLabel("Status").selectOption("failed");
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("0 actions");
  });

  it("shows the usage ledger's tokens and cost grouped as chosen", async () => {
    // The scripted coach makes no model calls: the ledger gets rows as the metered provider
    // writes them (its own tests cover that), here straight into the database.
    const row = {
      userId: admin.userId,
      purpose: "coach",
      phase: "get_to_know_you",
      promptVersion: 1,
      promptTokens: 1200,
      cachedPromptTokens: 200,
      completionTokens: 300,
      totalTokens: 1500,
    };
    await app.db.prisma.modelUsage.createMany({
      data: [
        { ...row, day: new Date("2026-11-27"), model: "gpt-4o-mini", costUsd: 0.25 },
        { ...row, day: new Date("2026-11-28"), model: "gpt-4o-mini", costUsd: 0.5 },
        { ...row, day: new Date("2026-11-28"), model: "gpt-4o", costUsd: 2 },
      ],
    });
    const { page } = browser;
    await open(page, "Usage");
    const table = page.getByRole("table", { name: "Model calls, tokens and cost" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(3);
    await page.getByLabel("Day").uncheck();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    const byModel = await table
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    expect(byModel).toEqual([
      ["gpt-4o", "1", "1,200", "200", "300", "$2.00"],
      ["gpt-4o-mini", "2", "2,400", "400", "600", "$0.75"],
    ]);
    await screenshot(page, "09-console-usage");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("lists and searches users, creates one, issues a token to copy, and revokes it", async () => {
    const { page } = browser;
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: app.url,
    });
    await open(page, "Users & tokens");
    await page.getByLabel("Email").fill("nia@example.test");
    await page.getByLabel("First name").fill("Nia");
    await page.getByRole("button", { name: "Create user" }).click();
    const users = page.getByRole("list", { name: "Users" });
    const nia = users.locator('li[data-user="nia@example.test"]');
    await nia.waitFor();
    // A taken email is named (not "The request was refused.").
    await page.getByLabel("Email").fill("NIA@example.test");
    await page.getByLabel("First name").fill("Nia again");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toBe("A user with the email nia@example.test already exists.");

    // Users are the server's list: still there after leaving the page; the search is in the URL.
    await open(page, "Prompts");
    await open(page, "Users & tokens");
    await nia.waitFor();
    await page.getByLabel("Search users").fill("nia@");
    await expect
      .poll(() => users.locator("li").evaluateAll((items) => items.map((li) => li.dataset.user)))
      .toEqual(["nia@example.test"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("nia@");

    await nia.getByRole("button", { name: "Issue a token for nia@example.test" }).click();
    const issued = page.getByRole("article", { name: "Issued tokens" });
    const token = (await issued.getByTestId("issued-token").textContent()) ?? "";
    expect(token).toMatch(/^trl_/);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await issued.getByRole("button", { name: "Copy token" }).click();
    await expect.poll(clipboard).toBe(token);
    await issued.getByRole("button", { name: "Copy sign-in link" }).click();
    await expect.poll(clipboard).toBe(`${app.url}/#token=${token}`);
    expect(await issued.getByTestId("sign-in-link").textContent()).toBe(
      `${app.url}/#token=${token}`,
    );
    await expect.poll(() => nia.textContent()).toContain("1 active token");
    const me = (t: string) =>
      fetch(`${app.url}/trpc/account.me`, { headers: { authorization: `Bearer ${t}` } });
    expect((await me(token)).status).toBe(200);
    await screenshot(page, "08-console-users");
    expect(await seriousViolations(page)).toEqual([]);

    await issued.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("status").filter({ hasText: "revoked" }).waitFor();
    expect((await me(token)).status).toBe(401);
  });
});
