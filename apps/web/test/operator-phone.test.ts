// The operator console on a phone (390×844): no page is wider than the screen (the header,
// the section links, the prompts table, the log, users and tokens), and dialogs fit.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type Browser, openBrowser, screenshot, startApp } from "./support.ts";

let app: App;
let browser: Browser;
let admin: { userId: string; token: string };

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), openBrowser()]);
  admin = await app.newUser({ role: "admin", firstName: "Olga" });
  // Long unbroken values, as operators meet them: an email, a prompt's context keys.
  await app.db.prisma.user.create({
    data: {
      email: `${"a-very-long-mailbox-name".repeat(4)}@an-unusually-long-domain-name.example`,
      firstName: "Wide",
      lastName: "Content",
    },
  });
  await browser.page.setViewportSize({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** The document's width against the viewport's, and what sticks out when it is wider. */
async function overflow(page: Page): Promise<{ fits: boolean; wide: string[] }> {
  return page.evaluate(() => {
    const limit = window.innerWidth;
    const wide = [...document.querySelectorAll("body *")]
      // A wide table scrolls inside its own box (.table-scroll): that is not the page.
      .filter((element) => element.getBoundingClientRect().right > limit + 0.5)
      .filter((element) => element.closest(".table-scroll") === null)
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { fits: document.documentElement.scrollWidth <= limit, wide };
  });
}

async function openSection(page: Page, section: string, heading: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: section })
    .click();
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
}

describe("the console at 390 px", () => {
  it("fits the screen on every section", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/console#token=${admin.token}`);
    await page.getByRole("heading", { name: "Operator console" }).waitFor();
    expect(await overflow(page)).toEqual({ fits: true, wide: [] });

    // Each section, and what shows it has loaded its data.
    const sections: Array<[string, string, string]> = [
      ["Prompts", "Prompts", "tr[data-version]"],
      ["Scenarios", "Test scenarios", "form[aria-label='Freeze a scenario']"],
      ["Action log", "Action log", "[role=status]:text-matches('actions')"],
      ["Usage", "Usage", "[role=status]:text-matches('recorded|group')"],
      ["Users & tokens", "Users & tokens", "li[data-user]"],
    ];
    for (const [link, heading, loaded] of sections) {
      await openSection(page, link, heading);
      await page.locator(loaded).first().waitFor();
      expect({ section: link, ...(await overflow(page)) }).toEqual({
        section: link,
        fits: true,
        wide: [],
      });
    }
  });

  it("keeps a long email, an issued token and its sign-in link within the screen", async () => {
    const { page } = browser;
    await openSection(page, "Users & tokens", "Users & tokens");
    const row = page.locator("li[data-user^='a-very-long']");
    await row.getByRole("button", { name: /^Issue a token/ }).click();
    await page.getByTestId("sign-in-link").waitFor();
    await screenshot(page, "10-console-users-phone");
    expect(await overflow(page)).toEqual({ fits: true, wide: [] });
  });
});
