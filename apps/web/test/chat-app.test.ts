// The chat app where people actually use one (issue 23): a phone's width with any content,
// Stop early and late, reading while words stream in, earlier history, a server that goes away
// and comes back, two tabs, the message box, right-to-left names, both colour schemes. Real
// server (the scripted coach, slowed down so a reply can be stopped), real Chromium.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type App,
  type Browser,
  eventually,
  layoutFits,
  openBrowser,
  seedConversation,
  seriousViolations,
  startApp,
} from "./support.ts";

let app: App;
let browser: Browser;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

beforeAll(async () => {
  // A word every 120 ms: a reply takes a few seconds, long enough to stop it midway.
  [app, browser] = await Promise.all([startApp({ scriptedPaceMs: 120 }), openBrowser()]);
});

beforeEach(async () => {
  // Each test starts at the desktop size (one that changes it may have failed halfway).
  await browser.page.setViewportSize(DESKTOP);
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

const messageBox = (page: Page) => page.getByRole("textbox", { name: "Your message" });
const chat = (page: Page) => page.getByRole("region", { name: "Chat with your coach" });
const turnStatus = (page: Page) => chat(page).getAttribute("data-turn");

/** Signs in by link and waits until the app knows whose account it is (`account.me`). */
async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${app.url}/#token=${token}`);
  await messageBox(page).waitFor();
  // The box is usable before the API answers; a draft is kept once the user is known.
  await eventually(() => page.evaluate(() => localStorage.getItem("trellis.userId")));
}

async function sendAndWait(page: Page, text: string): Promise<void> {
  await messageBox(page).fill(text);
  await messageBox(page).press("Enter");
  await eventually(async () => (await turnStatus(page)) === "busy" || null);
  await eventually(async () => (await turnStatus(page)) === "idle");
}

const LONG_URL = `https://example.com/${"a-very-long-path-segment/".repeat(40)}?q=${"x".repeat(300)}`;
const LONG_WORD = "w".repeat(4_000);
const RTL = "שלום, זה טקסט בעברית שנכתב מימין לשמאל ומכיל מילים רבות כדי לבדוק שבירת שורות";
const CODE = `\`\`\`\nconst ${"veryLongIdentifierName".repeat(30)} = 1;\n\`\`\``;

describe("the chat app on a phone and on a desktop", () => {
  it("never grows wider than the viewport: long URLs, a 4,000-character word, RTL text, code", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Wide" });
    const content = [LONG_URL, LONG_WORD, RTL, CODE];
    await app.db.prisma.chatMessage.createMany({
      data: content.flatMap((text, index) => [
        { userId: user.userId, role: "user", content: text, createdAt: new Date(1e12 + index * 2) },
        {
          userId: user.userId,
          role: "coach",
          content: `Here is what you sent:\n\n${text}\n\n[a link](${LONG_URL})`,
          createdAt: new Date(1e12 + index * 2 + 1),
        },
      ]),
    });
    for (const viewport of [
      { width: 320, height: 640 },
      PHONE,
      { width: 430, height: 932 },
      DESKTOP,
    ]) {
      await page.setViewportSize(viewport);
      await signIn(page, user.token);
      await expect.poll(() => page.locator("li.message").count()).toBe(8);
      // No element reaches past the right edge (overflow hidden somewhere would mask it).
      const beyond = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((element) => `${element.tagName}.${element.className}`),
      );
      expect(beyond, `at ${viewport.width} px`).toEqual([]);
      expect(await layoutFits(page), `at ${viewport.width} px`).toMatchObject({
        fits: true,
        scrollY: 0,
      });
      // The message box and Send are on screen, not pushed off to the side.
      const send = await page.getByRole("button", { name: "Send" }).boundingBox();
      expect(send).not.toBeNull();
      expect((send?.x ?? 0) + (send?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    }
    // Links in coach messages open safely.
    const link = page.getByRole("link", { name: "a link" }).first();
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    // Right-to-left text is laid out right to left.
    const rtl = page.locator("li.message-user p", { hasText: "שלום" });
    expect(await rtl.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
    await page.setViewportSize(DESKTOP);
  });

  it("keeps a stopped reply's words, marked as stopped with Retry, whether Stop comes early or late; nothing is applied", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Stopper" });
    await signIn(page, user.token);
    const coachMessages = () =>
      app.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } });

    // Early: Stop before the turn has even said it started (its stream request is held back
    // for a moment, as on a slow network: the page has no turn id yet when Stop is pressed).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/trpc/chat.stream**", async (route) => {
      await held;
      await route.continue();
    });
    await messageBox(page).fill("Hello there");
    await messageBox(page).press("Enter");
    await page.getByRole("button", { name: "Stop" }).click();
    release();
    await eventually(async () => (await turnStatus(page)) === "stopped");
    const stopped = page.locator('li.message[data-status="stopped"]');
    await expect.poll(() => stopped.textContent()).toContain("You stopped this reply");
    expect(await coachMessages()).toBe(0);
    expect(await app.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);

    await page.unroute("**/trpc/chat.stream**");
    // Retry runs the turn again, to the end this time.
    await stopped.getByRole("button", { name: "Retry" }).click();
    await eventually(async () => (await turnStatus(page)) === "idle");
    expect(await coachMessages()).toBe(1);

    // Late: the coach has begun to answer; its words so far stay on screen.
    await messageBox(page).fill("I am a teacher and a father");
    await messageBox(page).press("Enter");
    const streaming = page.locator("li[data-streaming]");
    await eventually(async () => ((await streaming.count()) > 0 ? streaming.textContent() : null));
    await page.getByRole("button", { name: "Stop" }).click();
    await eventually(async () => (await turnStatus(page)) === "stopped");
    const partial = ((await stopped.locator(".markdown").textContent()) ?? "").trim();
    expect(partial.length).toBeGreaterThan(0);
    expect(await coachMessages()).toBe(1);
    // It stays (it used to vanish after ~40 ms), with its Retry.
    expect(((await stopped.locator(".markdown").textContent()) ?? "").trim()).toBe(partial);
    expect(await stopped.getByRole("button", { name: "Retry" }).count()).toBe(1);
    // The user's message is kept in the conversation (it was stored), once.
    await page.reload();
    await messageBox(page).waitFor();
    await expect
      .poll(() => page.locator('li[data-role="user"]', { hasText: "teacher" }).count())
      .toBe(1);
  });

  it("follows new words only while the reader is at the bottom, offers Jump to latest, and never scrolls the window", async () => {
    const { page } = browser;
    await page.setViewportSize(PHONE);
    const user = await app.newUser({ firstName: "Reader" });
    await seedConversation(app.db, user.userId, 12);
    await signIn(page, user.token);
    const conversation = page.getByTestId("conversation");
    const atBottom = () =>
      conversation.evaluate(
        (element) => element.scrollHeight - element.scrollTop - element.clientHeight < 4,
      );
    await eventually(atBottom);

    // Scrolled up to read: a streaming reply does not pull the reader down.
    await conversation.evaluate((element) => {
      element.scrollTop = 0;
    });
    await messageBox(page).fill("Tell me more");
    await messageBox(page).press("Enter");
    // Sending takes the reader to their message; then they scroll up again while it streams.
    await eventually(async () => (await page.locator("li[data-streaming]").count()) > 0);
    // The reader scrolls up with the mouse wheel, as a person does.
    await conversation.hover();
    await eventually(async () => {
      await page.mouse.wheel(0, -1_500);
      return conversation.evaluate((element) => element.scrollTop < 50);
    });
    await eventually(async () => (await turnStatus(page)) === "idle");
    // Still where the reader left it, far from the bottom.
    expect(
      await conversation.evaluate(
        (element) => element.scrollHeight - element.clientHeight - element.scrollTop,
      ),
    ).toBeGreaterThan(300);
    expect(await layoutFits(page)).toMatchObject({ fits: true, scrollY: 0 });
    const jump = page.getByRole("button", { name: "Jump to latest" });
    await jump.click();
    await eventually(atBottom);
    await expect.poll(() => jump.count()).toBe(0);
    await page.setViewportSize(DESKTOP);
  });

  it("loads earlier messages when the reader scrolls to the top, and earlier actions on demand", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Long" });
    await seedConversation(app.db, user.userId, 70);
    await app.db.prisma.action.createMany({
      data: Array.from({ length: 45 }, (_, index) => ({
        userId: user.userId,
        type: "add_user_note",
        params: { note: `Note ${index + 1}` },
        status: "completed",
        invoker: "coach",
        resultSummary: `Added note ${index + 1}`,
        createdAt: new Date(Date.now() - (45 - index) * 1_000),
      })),
    });
    await signIn(page, user.token);
    const conversation = page.getByTestId("conversation");
    await expect.poll(() => page.locator("li.message").count()).toBe(30);
    // Each scroll to the top brings the page before it, until the first message.
    await eventually(async () => {
      await conversation.evaluate((element) => {
        element.scrollTop = 0;
      });
      return (await page.locator("li.message").count()) === 140;
    });
    expect(await page.locator("li.message").first().textContent()).toContain("Question number 1");
    // The timeline shows the newest 30 actions, then the rest on request.
    const timeline = page.getByRole("region", { name: "What the coach did" });
    await expect.poll(() => timeline.locator("li").count()).toBe(30);
    await timeline.getByRole("button", { name: "Show earlier actions" }).click();
    await expect.poll(() => timeline.locator("li").count()).toBe(45);
    await expect
      .poll(() => timeline.getByRole("button", { name: "Show earlier actions" }).count())
      .toBe(0);
  });

  it("says when the server is gone and when it is back, keeps the draft, loses no message, stays signed in", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Patient" });
    await signIn(page, user.token);
    // A draft survives a reload.
    await messageBox(page).fill("A thought I am still writing");
    await page.reload();
    await messageBox(page).waitFor();
    expect(await messageBox(page).inputValue()).toBe("A thought I am still writing");

    // The browser's own offline state is said too.
    await browser.context.setOffline(true);
    await page.getByRole("status").filter({ hasText: "You are offline" }).waitFor();
    await browser.context.setOffline(false);

    await app.stopServer();
    const banner = page.getByRole("status").filter({ hasText: "Reconnecting" });
    await banner.waitFor();
    // The message written while the server is away is not lost: it is sent when it is back.
    await messageBox(page).fill("Written while you were away");
    await messageBox(page).press("Enter");
    await app.restartServer();
    await page.getByRole("status").filter({ hasText: "Back online" }).waitFor();
    await eventually(async () => (await turnStatus(page)) !== "busy");
    const stored = await app.db.prisma.chatMessage.findMany({
      where: { userId: user.userId, role: "user" },
    });
    if ((await turnStatus(page)) === "failed") {
      // The send failed while the server was away: the words are back in the box.
      expect(await messageBox(page).inputValue()).toContain("Written while you were away");
    } else {
      expect(stored.map((message) => message.content)).toContain("Written while you were away");
    }
    // Still signed in after the restart.
    await page.reload();
    await messageBox(page).waitFor();
  });

  it("shows a turn from another tab in every open tab, message and reply together", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Twin" });
    await signIn(page, user.token);
    const other = await browser.context.newPage();
    await other.goto(app.url);
    await messageBox(other).waitFor();
    await sendAndWait(page, "Sent from the first tab");
    for (const tab of [page, other]) {
      await expect
        .poll(() => tab.locator("li.message").allTextContents(), { timeout: 60_000 })
        .toEqual([
          expect.stringContaining("Sent from the first tab"),
          expect.stringContaining("Coach:"),
        ]);
    }
    // A message can be copied.
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: app.url,
    });
    const first = page.locator('li[data-role="user"]').first();
    await first.hover();
    await first.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => first.getByRole("button", { name: "Copied" }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      "Sent from the first tab",
    );
    await other.close();
  });

  it("has a message box that grows, sends on Enter, breaks lines on Shift+Enter, counts near the limit and says when a paste is cut", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Typist" });
    await signIn(page, user.token);
    const box = messageBox(page);
    const height = (await box.boundingBox())?.height ?? 0;
    await box.click();
    await page.keyboard.type("First line");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("Second line");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("Third line");
    expect(await box.inputValue()).toBe("First line\nSecond line\nThird line");
    expect((await box.boundingBox())?.height ?? 0).toBeGreaterThan(height);
    await page.keyboard.press("Enter");
    await eventually(async () => (await turnStatus(page)) === "idle");
    expect(await box.inputValue()).toBe("");
    await expect
      .poll(() => page.locator('li[data-role="user"] p').first().textContent())
      .toBe("First line\nSecond line\nThird line");

    await box.focus();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/plain", "p".repeat(5_000));
      document.activeElement?.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await page.getByTestId("paste-cut").waitFor();
    expect(await page.getByTestId("paste-cut").textContent()).toContain(
      "1,000 characters too long",
    );
    await box.fill("q".repeat(3_900));
    expect(await page.getByTestId("counter").textContent()).toBe("100 characters left");
    expect(await box.getAttribute("maxlength")).toBe("4000");
    await box.fill("");
  });

  it("shows names with bidi overrides as written, greets a new user, and passes axe in light and dark", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Alice \u202eRTL\u202c" });
    await signIn(page, user.token);
    const greeting = page.getByRole("heading", { name: /^Hello,/ });
    expect(await greeting.textContent()).toBe("Hello, Alice RTL!");
    // The coach says the name too, and its message cannot be turned around by it either.
    await sendAndWait(page, "Hello");
    const reply = (await page.locator('li[data-role="coach"]').last().textContent()) ?? "";
    expect(reply).toContain("Alice RTL");
    expect(reply).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await page.title()).toContain("Trellis");
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");
    expect((await page.request.get(`${app.url}/favicon.svg`)).status()).toBe(200);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect(await seriousViolations(page), `${colorScheme} at ${viewport.width}`).toEqual([]);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  });
});
