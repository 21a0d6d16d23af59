// Staying signed in and signing out, in Chromium: a restart of `pnpm start` on the same data
// folder keeps the browser signed in (the start token survives), and Sign out revokes the
// token on the server, so a copy of it is refused afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { freePort, type Started, startMain } from "./restart.ts";
import { type Browser, openBrowser } from "./support.ts";

let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  browser = await openBrowser();
  dataDir = await mkdtemp(join(tmpdir(), "trellis-restart-"));
});

afterAll(async () => {
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const refused = async (url: string, token: string) =>
  (await fetch(`${url}/trpc/account.me`, { headers: { authorization: `Bearer ${token}` } }))
    .status === 401;

describe("the demo sign-in", () => {
  let server: Started | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("survives a restart of `pnpm start` on the same data folder; Sign out ends it", async () => {
    const env = {
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      TRELLIS_DATA_DIR: join(dataDir, "db"),
      TRELLIS_DEMO_FILE: join(dataDir, "demo.json"),
      TRELLIS_WEB_DIR: inject("trellisWebDir"),
    };
    server = await startMain(env);
    const { page } = browser;
    await page.goto(server.link);
    const message = page.getByRole("textbox", { name: "Your message" });
    await message.waitFor();
    const first = server.token;

    await server.stop();
    server = await startMain(env);
    expect(server.token).toBe(first);
    await page.reload();
    await message.waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(await refused(server.url, first)).toBe(false);

    // Sign out: back to the sign-in page, and the token is dead on the server.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await expect.poll(() => refused(server?.url ?? "", first)).toBe(true);
    // Signed out on purpose: the page does not say the sign-in expired.
    expect(await page.getByText("expired or was revoked").count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("trellis.token"))).toBeNull();

    // The next start cannot reuse a revoked token: it prints a new one.
    await server.stop();
    server = await startMain(env);
    expect(server.token).not.toBe(first);
    expect(await refused(server.url, server.token)).toBe(false);
  });
});
