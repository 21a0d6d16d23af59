// The main screens at a phone's size (390×844) and a desktop's (1280×800), each checked with
// axe and for overflow, and photographed into .test-results/screenshots/ when asked
// (`pnpm --filter @trellis/web screenshots` does, and copies them into docs/screenshots/). A session is walked through the API first
// (the same scripted user as the demo) until the coach suggests an "I am" statement.
import { ScriptedUser } from "@trellis/ai";
import { createClient } from "@trellis/sdk";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type App,
  type Browser,
  layoutFits,
  openBrowser,
  screenshot,
  seriousViolations,
  startApp,
} from "./support.ts";

let app: App;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), openBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

/** Photographs the page at both sizes (axe-clean and no wider than the screen at each). */
async function capture(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await layoutFits(page), `${name} at ${size.name}`).toMatchObject({ fits: true });
    expect(await seriousViolations(page), `${name} at ${size.name}`).toEqual([]);
    await screenshot(page, `main-${name}-${size.name}`);
  }
}

/** Chats through the API until the coach waits for the user to approve a suggestion. */
async function walkToConfirmation(token: string): Promise<void> {
  const client = createClient({ url: app.url, token });
  const user = new ScriptedUser();
  for (let turn = 0; turn < 80; turn++) {
    const state = await client.state.get.query();
    if (state.pending.some((pending) => pending.type === "suggest_i_am_statement")) return;
    await client.chat.send.mutate({ message: user.answer(state.state.phase) });
  }
  throw new Error("the session never reached a suggestion to approve");
}

describe("the main screens", () => {
  it("sign-in, the first greeting, a conversation with quick replies, a suggestion to approve, the progress on a phone, and the dark theme", async () => {
    const { page } = browser;
    await page.goto(app.url);
    await page.getByRole("heading", { name: "Sign in to Trellis" }).waitFor();
    await capture(page, "sign-in");

    const fresh = await app.newUser({ firstName: "Maya" });
    await page.goto(`${app.url}/#token=${fresh.token}`);
    await page.getByRole("heading", { name: "Hello, Maya!" }).waitFor();
    await capture(page, "greeting");

    await page.getByRole("button", { name: "Hi! I'm ready to start." }).click();
    await page.getByRole("group", { name: "Quick replies" }).waitFor();
    await capture(page, "quick-replies");

    const walker = await app.newUser({ firstName: "Sam" });
    await walkToConfirmation(walker.token);
    await page.goto(`${app.url}/#token=${walker.token}`);
    await page.getByRole("article", { name: /^Confirm:/ }).waitFor();
    await capture(page, "confirmation");

    await page.setViewportSize(SIZES[0]);
    await page.getByText(/^Your progress:/).click();
    await page.getByRole("heading", { name: "Your progress", exact: true }).waitFor();
    await screenshot(page, "main-progress-phone");

    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await page.getByRole("article", { name: /^Confirm:/ }).waitFor();
    await capture(page, "dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("lets a suggestion be approved with the keyboard alone, and the timeline says so at once", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Keys" });
    await walkToConfirmation(user.token);
    await page.goto(`${app.url}/#token=${user.token}`);
    const card = page.getByRole("article", { name: /^Confirm:/ });
    await card.waitFor();
    const actionId = await card.getAttribute("data-action-id");
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
      if (focused === "Approve") break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Approve");
    await page.keyboard.press("Enter");
    await expect.poll(() => card.count()).toBe(0);
    await expect
      .poll(() =>
        page.locator(`.timeline li[data-action-id="${actionId}"]`).getAttribute("data-status"),
      )
      .toBe("approved");
  });
});
