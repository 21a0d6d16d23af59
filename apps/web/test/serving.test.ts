// How the server delivers the app, seen from Chromium: the hashed assets come brotli-compressed
// and cached for good, the page carries its security headers, and the whole app (sign-in, a
// coaching turn, every console section) runs under its Content-Security-Policy without a
// single violation: no inline script, nothing from elsewhere. It cannot be framed.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type Browser, eventually, openBrowser, startApp } from "./support.ts";

let app: App;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), openBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** Every CSP violation the page reports, from its first script on (an init script, outside CSP). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) logged.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Reflect.set(window, "cspViolations", seen);
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective}: ${event.blockedURI}`),
    );
  });
  return async () => {
    const inPage: unknown = await page.evaluate(() => Reflect.get(window, "cspViolations"));
    return [...logged, ...(Array.isArray(inPage) ? inPage.map(String) : [])];
  };
}

describe("serving the app", () => {
  it("sends brotli assets, immutable caching and security headers; runs with no CSP violation", async () => {
    const admin = await app.newUser({ role: "admin", firstName: "Cece" });
    const { page } = browser;
    const violations = await watchViolations(page);
    const assets: Array<{ url: string; encoding: string; cache: string }> = [];
    page.on("response", (response) => {
      if (!new URL(response.url()).pathname.startsWith("/assets/")) return;
      const headers = response.headers();
      assets.push({
        url: response.url(),
        encoding: headers["content-encoding"] ?? "",
        cache: headers["cache-control"] ?? "",
      });
    });
    const document = await page.goto(`${app.url}/#token=${admin.token}`);
    const headers = document?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("script-src 'self'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-content-type-options"]).toBe("nosniff");

    // A coaching turn (streamed words, actions, the timeline).
    const box = page.getByRole("textbox", { name: "Your message" });
    await box.fill("Hello, I am ready to start");
    await box.press("Enter");
    const chat = page.getByRole("region", { name: "Chat with your coach" });
    await eventually(
      async () =>
        (await chat.getAttribute("data-turn")) === "idle" &&
        (await page.locator('li[data-role="coach"]').count()) > 0,
    );
    // The console (a lazy chunk with its own stylesheet), every section.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Console" })
      .click();
    for (const section of ["Prompts", "Scenarios", "Action log", "Usage", "Users & tokens"]) {
      await page
        .getByRole("navigation", { name: "Console" })
        .getByRole("link", { name: section })
        .click();
      await page.getByRole("heading", { level: 1 }).first().waitFor();
    }
    await page.getByRole("status").first().waitFor();
    expect(await violations()).toEqual([]);

    const scripts = assets.filter((asset) => /\.(js|css)$/.test(asset.url));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const asset of scripts) {
      expect(asset).toMatchObject({ encoding: "br", cache: expect.stringContaining("immutable") });
    }
    // No source map is referenced or served.
    const [entry] = scripts;
    expect((await fetch(`${entry?.url}.map`)).status).toBe(404);
  });

  it("makes the message box usable before the API answers, and loads the chat's other parts beside it", async () => {
    const user = await app.newUser({ firstName: "Quick" });
    const page = await browser.context.newPage();
    try {
      // Every API call is held back: over a slow link each is a round trip the box must not wait for.
      const held: Array<() => Promise<void>> = [];
      let holding = true;
      await page.route("**/trpc/**", (route) => {
        if (holding) held.push(() => route.continue());
        else void route.continue();
      });
      const scripts: string[] = [];
      page.on("request", (request) => {
        if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
      });
      await page.goto(`${app.url}/#token=${user.token}`);
      const box = page.getByRole("textbox", { name: "Your message" });
      await box.fill("Typed before the API answered");
      expect(await box.isEnabled()).toBe(true);
      // The lazy parts (messages, confirmations, timeline) are on their way already: they do
      // not wait for the API's answers and then cost one more round trip.
      await eventually(async () => scripts.some((path) => /\/chat-parts-[\w-]+\.js$/.test(path)));
      expect(held.length).toBeGreaterThan(0);

      holding = false;
      for (const release of held.splice(0)) await release();
      await page.getByRole("heading", { name: "Hello, Quick!" }).waitFor();
      expect(await box.inputValue()).toBe("Typed before the API answered");
    } finally {
      await page.close();
    }
  });

  it("cannot be framed by another page", async () => {
    const page = await browser.context.newPage();
    // A page of no origin of the app's (and with no policy of its own) frames it; the frame
    // loads (an error page) instead of the app.
    await page.goto("about:blank");
    await page.evaluate(
      (target) =>
        new Promise<void>((resolve) => {
          const frame = document.createElement("iframe");
          frame.addEventListener("load", () => resolve(), { once: true });
          frame.src = target;
          document.body.append(frame);
        }),
      `${app.url}/`,
    );
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame?.url()).toMatch(/^chrome-error:/);
    expect(await frame?.evaluate(() => document.querySelector("#root") !== null)).toBe(false);
    await page.close();
  });
});
