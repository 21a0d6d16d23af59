// Browser-test harness: the server tests' harness (scripted coach, a test database) serving the
// built app on the same origin, and Debian's Chromium driven by playwright-core. No fixed sleeps: every wait is
// for a condition (Playwright's auto-waiting locators and expect-style polling), with generous
// timeouts that only catch hangs on a slow shared machine.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Harness, startHarness } from "@trellis/server/testing";
import type { TestDb } from "@trellis/testing";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { inject, vi } from "vitest";

const CHROMIUM = process.env.TRELLIS_CHROMIUM ?? "/usr/bin/chromium";
/** Hang guards: far above what any step takes on a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 60_000;

/**
 * Where screenshots go (`pnpm --filter @trellis/web screenshots` copies the main screens into
 * docs/screenshots/). Taken only when TRELLIS_SCREENSHOTS=1: encoding pictures that nobody looks
 * at costs every test run CPU time; the checks around them (axe, layout) run either way.
 */
const SCREENSHOTS = join(import.meta.dirname, "..", ".test-results", "screenshots");
const TAKE_SCREENSHOTS = process.env.TRELLIS_SCREENSHOTS === "1";

/** The server with the built app on its origin (the server tests' harness, scripted coach). */
export type App = Harness;

/** `scriptedPaceMs`: the scripted coach streams its reply a word every so many ms. */
export function startApp(options: { scriptedPaceMs?: number } = {}): Promise<App> {
  return startHarness({
    webDir: inject("trellisWebDir"),
    closeGraceMs: 500,
    ...(options.scriptedPaceMs ? { scriptedPaceMs: options.scriptedPaceMs } : {}),
  });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a fresh profile and the flags that keep it from calling out to the network. */
export async function openBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "trellis-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: STEP_TIMEOUT_MS,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A/AA). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Judged at rest: a colour mid-transition (a timestamp fading in under the pointer) is not
  // what anyone reads. With reduced motion, Pico's rule makes new transitions instant; those
  // already running end first (endless animations, such as a busy spinner, are not waited for;
  // a cancelled one, the pointer gone, rejects and is at rest too).
  await page.emulateMedia({ reducedMotion: "reduce" });
  try {
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
          .map((animation) => animation.finished.catch(() => animation)),
      ),
    );
    return await axeViolations(page);
  } finally {
    await page.emulateMedia({ reducedMotion: null });
  }
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
}

/** Polls `check` until it holds (a hang guard, not a speed judgement). */
export function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (!value) throw new Error("eventually: the condition never held");
      return value;
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

/** Stores a conversation of `pairs` user/coach messages, oldest first, a second apart. */
export async function seedConversation(
  db: TestDb,
  userId: string,
  pairs: number,
  text: (index: number, role: "user" | "coach") => string = (index, role) =>
    `${role === "user" ? "Question" : "Answer"} number ${index}`,
): Promise<void> {
  const start = Date.now() - pairs * 2_000;
  await db.prisma.chatMessage.createMany({
    data: Array.from({ length: pairs * 2 }, (_, at) => {
      const role = at % 2 === 0 ? "user" : "coach";
      const index = Math.floor(at / 2) + 1;
      return { userId, role, content: text(index, role), createdAt: new Date(start + at * 1_000) };
    }),
  });
}

/** The page is no wider than its viewport, and the window has not scrolled. */
export function layoutFits(
  page: Page,
): Promise<{ fits: boolean; scrollWidth: number; width: number; scrollY: number }> {
  return page.evaluate(() => ({
    fits: document.documentElement.scrollWidth <= window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
    scrollY: window.scrollY,
  }));
}
