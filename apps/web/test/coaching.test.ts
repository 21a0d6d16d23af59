// The coaching app in a real browser (Debian's Chromium through playwright-core), against the
// real server with the scripted coach: sign-in, a whole coaching session through the UI,
// keyboard-only use, an accessibility scan, and the 401 path.
import { ScriptedUser } from "@trellis/ai";
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

beforeAll(async () => {
  // The coach's words arrive a few at a time, so the browser can show them streaming in.
  [app, browser] = await Promise.all([startApp({ scriptedPaceMs: 10 }), openBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

const messageBox = (page: Page) => page.getByRole("textbox", { name: "Your message" });
const chat = (page: Page) => page.getByRole("region", { name: "Chat with your coach" });

/** Sends a message and waits until the turn is stored and the page shows it (or failed). */
async function send(page: Page, text: string): Promise<void> {
  const coachBefore = await page.locator('li[data-role="coach"]').count();
  await messageBox(page).fill(text);
  await messageBox(page).press("Enter");
  await eventually(async () => {
    const status = await chat(page).getAttribute("data-turn");
    if (status === "failed") {
      throw new Error(`turn failed: ${await page.locator(".turn-end").textContent()}`);
    }
    return status === "idle" && (await page.locator('li[data-role="coach"]').count()) > coachBefore;
  });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to Trellis" }).waitFor();
}

describe("the coaching app in Chromium", () => {
  it("signs in with a token (a wrong one is refused), keeps it across reloads, and forgets it on sign-out", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Signe" });
    await page.goto(app.url);
    await page.getByRole("heading", { name: "Sign in to Trellis" }).waitFor();
    await screenshot(page, "01-sign-in");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("API token").fill("not-a-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("That token is not valid (or was revoked).");

    await page.getByLabel("API token").fill(user.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await messageBox(page).waitFor();
    await page.reload();
    await messageBox(page).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("trellis.token"))).toBe(user.token);

    await signOut(page);
    expect(await page.evaluate(() => localStorage.getItem("trellis.token"))).toBeNull();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Trellis" }).waitFor();
  });

  it("walks a whole coaching session: quick replies, confirmations approved and edited, the timeline and the state panel, all still there after a reload", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Walker" });
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    // The sign-in link `pnpm start` prints: the token in the fragment, then out of the URL.
    await page.goto(`${app.url}/#token=${user.token}`);
    await messageBox(page).waitFor();
    expect(page.url()).toBe(`${app.url}/`);
    // Every partial reply the page shows while the coach's words stream in.
    await page.evaluate(() => {
      const seen = new Set<string>();
      Reflect.set(window, "streamedTexts", seen);
      new MutationObserver(() => {
        const bubble = document.querySelector("li[data-streaming]");
        if (bubble?.textContent) seen.add(bubble.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    expect(await seriousViolations(page)).toEqual([]);

    const scripted = new ScriptedUser();
    const editedStatement = "I am a person who shows up, edited in the browser.";
    let edited = 0;
    let approved = 0;
    let usedQuickReply = false;
    const phases: string[] = [];
    for (let turn = 0; turn < 120; turn++) {
      const panel = page.locator("section[data-phase]");
      const phase = (await panel.getAttribute("data-phase")) ?? "";
      if (phases.at(-1) !== phase) phases.push(phase);
      const states = await page
        .locator(".identities > li")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-state")));
      if (
        phase === "identity_visualization" &&
        states.length > 0 &&
        states.every((state) => state === "visualization_complete")
      ) {
        break;
      }

      const confirmations = page.getByRole("article", { name: /^Confirm:/ });
      if ((await confirmations.count()) > 0) {
        const card = confirmations.first();
        const name = (await card.getAttribute("aria-label")) ?? "";
        const actionId = await card.getAttribute("data-action-id");
        if (edited === 0 && (await card.getByRole("button", { name: "Edit" }).count()) > 0) {
          if (edited === 0) await screenshot(page, "03-confirmation");
          await card.getByRole("button", { name: "Edit" }).click();
          // The form's rules come from the params' JSON Schema; its labels are words.
          const statement = card.getByLabel("Statement", { exact: true });
          expect(await statement.getAttribute("maxlength")).toBe("500");
          expect(await statement.evaluate((field) => field.hasAttribute("required"))).toBe(true);
          expect(await card.getByLabel("Identity", { exact: true }).count()).toBe(1);
          await statement.fill(editedStatement);
          await card.getByRole("button", { name: "Save and approve" }).click();
          edited++;
        } else {
          await card.getByRole("button", { name: "Approve" }).click();
          approved++;
        }
        await eventually(async () => (await page.getByRole("article", { name }).count()) === 0);
        // The timeline row of the suggestion says it was approved, in place, without a reload.
        await expect
          .poll(() =>
            page.locator(`.timeline li[data-action-id="${actionId}"]`).getAttribute("data-status"),
          )
          .toBe("approved");
        continue;
      }

      const replies = page.getByRole("group", { name: "Quick replies" }).getByRole("button");
      if (!usedQuickReply && (await replies.count()) > 0) {
        await screenshot(page, "02-chat-quick-replies");
        const coachBefore = await page.locator('li[data-role="coach"]').count();
        await replies.first().click();
        await eventually(
          async () =>
            (await chat(page).getAttribute("data-turn")) === "idle" &&
            (await page.locator('li[data-role="coach"]').count()) > coachBefore,
        );
        usedQuickReply = true;
        continue;
      }
      await send(page, scripted.answer(phase));
    }

    expect(phases.at(-1)).toBe("identity_visualization");
    expect(phases).toContain("identity_brainstorming");
    expect(usedQuickReply).toBe(true);
    expect(edited).toBe(1);
    expect(approved).toBeGreaterThan(0);
    // Streaming was visible: replies grew on screen, piece by piece.
    const streamed = await page.evaluate(() => {
      const seen = Reflect.get(window, "streamedTexts");
      return seen instanceof Set ? seen.size : 0;
    });
    expect(streamed).toBeGreaterThan(2);
    await screenshot(page, "04-session-complete");

    // The timeline: every action reached an end state, named by its catalog title.
    const timeline = page.getByRole("region", { name: "What the coach did" });
    await eventually(
      async () => (await timeline.locator('li[data-status="started"]').count()) === 0,
    );
    await expect
      .poll(() => timeline.locator('li[data-status="completed"]').count())
      .toBeGreaterThan(5);
    expect(await timeline.textContent()).toContain("Create identity");

    // The chat never loaded the operator console's chunk.
    expect(scripts.filter((url) => /console-[^/]*\.js$/.test(url))).toEqual([]);

    // After a reload everything comes back from the server.
    await page.reload();
    await messageBox(page).waitFor();
    const panel = page.locator("section[data-phase]");
    await expect.poll(() => panel.getAttribute("data-phase")).toBe("identity_visualization");
    const states = await page
      .locator(".identities > li")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-state")));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(["visualization_complete"]));
    expect(await panel.textContent()).toContain(editedStatement);
    // Approved suggestions read as approved after a reload too, never as still waiting.
    const reloaded = page.getByRole("region", { name: "What the coach did" });
    await expect
      .poll(() => reloaded.locator('li[data-status="approved"]').count())
      .toBeGreaterThan(0);
    expect(await reloaded.textContent()).not.toContain("Waiting for the user");
    expect(await reloaded.locator('li[data-status="pending_confirmation"]').count()).toBe(0);
    const stored = await app.db.prisma.identity.findMany({ where: { userId: user.userId } });
    expect(stored.map((identity) => identity.iAmStatement)).toContain(editedStatement);
    await expect.poll(() => page.locator('li[data-role="user"]').count()).toBeGreaterThan(5);
    expect(await seriousViolations(page)).toEqual([]);
    await signOut(page);
  });

  it("can be used with the keyboard alone", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Keys" });
    await page.goto(`${app.url}/#token=${user.token}`);
    await messageBox(page).waitFor();

    /** Presses Tab until `isTarget` holds for the focused element (bounded). */
    const tabTo = async (isTarget: () => Promise<boolean>) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        if (await isTarget()) return;
      }
      throw new Error("Tab never reached the element");
    };
    const focusedLabel = () =>
      page.evaluate(() => {
        const element = document.activeElement;
        return element ? (element.getAttribute("placeholder") ?? element.textContent ?? "") : "";
      });

    await tabTo(async () => (await focusedLabel()) === "Write to your coach…");
    await page.keyboard.type("Hello coach");
    const coachBefore = await page.locator('li[data-role="coach"]').count();
    await page.keyboard.press("Enter");
    await eventually(
      async () =>
        (await chat(page).getAttribute("data-turn")) === "idle" &&
        (await page.locator('li[data-role="coach"]').count()) > coachBefore,
    );
    await expect
      .poll(() => page.locator('li[data-role="user"]').last().textContent())
      .toContain("Hello coach");

    // A quick reply, reached and pressed with the keyboard.
    const replies = page.getByRole("group", { name: "Quick replies" }).getByRole("button");
    await replies.first().waitFor();
    const reply = await replies.first().textContent();
    await tabTo(async () => (await focusedLabel()) === reply);
    const before = await page.locator('li[data-role="user"]').count();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('li[data-role="user"]').count()).toBeGreaterThan(before);
    await eventually(async () => (await chat(page).getAttribute("data-turn")) === "idle");
    await signOut(page);
  });

  it("sends a user whose token was revoked back to the sign-in page, saying why", async () => {
    const { page } = browser;
    const user = await app.newUser({ firstName: "Gone" });
    await page.goto(`${app.url}/#token=${user.token}`);
    await messageBox(page).waitFor();
    await app.db.prisma.apiToken.update({
      where: { id: user.tokenId },
      data: { revokedAt: new Date() },
    });
    // The open event stream may notice first (it re-checks its token) and sign out; a reload
    // certainly sends requests with the revoked token. Either way the page says why.
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Trellis" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "expired or was revoked" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("trellis.token"))).toBeNull();
  });
});
