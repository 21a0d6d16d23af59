// Benchmark: the web app (apps/web). Its JavaScript as a browser downloads it (gzip, per chunk:
// the chat's entry, and the operator console, which only admins load), and the time to
// interactive on the local server: Chromium opens the sign-in link, and the clock stops when
// the chat's message box is enabled and the state panel shows the user's phase (data loaded).
// Each sample is a fresh browser context (cold cache). Numbers, not assertions.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createDb } from "@trellis/db";
import { createRuntime, seedDemoAccount, silentLogger, startServer } from "@trellis/server";
import { chromium } from "playwright-core";
import { build } from "vite";
import { log } from "../lib/log.ts";
import type { BenchResult, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import { repoRoot } from "../types/workspace.ts";

interface Options {
  quick: boolean;
}

const CHROMIUM = process.env.TRELLIS_CHROMIUM ?? "/usr/bin/chromium";
const webRoot = join(repoRoot, "apps", "web");

async function buildApp(
  outDir: string,
): Promise<Array<{ file: string; gzip: number; bytes: number }>> {
  await build({
    configFile: join(webRoot, "vite.config.ts"),
    root: webRoot,
    logLevel: "error",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  const assets = join(outDir, "assets");
  const chunks = [];
  for (const file of await readdir(assets)) {
    if (!file.endsWith(".js")) continue;
    const code = await readFile(join(assets, file));
    chunks.push({ file, bytes: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength });
  }
  return chunks;
}

export async function webBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const outDir = await mkdtemp(join(tmpdir(), "trellis-bench-web-"));
  const notes: string[] = [];
  const rows: Row[] = [];
  try {
    log("building apps/web");
    const chunks = await buildApp(outDir);
    const entry = chunks.filter((chunk) => chunk.file.startsWith("index-"));
    const console_ = chunks.filter((chunk) => chunk.file.startsWith("console-"));
    const sum = (list: typeof chunks, key: "gzip" | "bytes") =>
      list.reduce((total, chunk) => total + chunk[key], 0);
    rows.push(
      {
        metric: "chat (entry) JS, gzip",
        value: sum(entry, "gzip"),
        unit: "bytes",
        runs: 1,
        note: "React, TanStack Query, tRPC client + SDK, Pico-styled app",
      },
      { metric: "operator console JS, gzip", value: sum(console_, "gzip"), unit: "bytes", runs: 1 },
      { metric: "all JS, minified", value: sum(chunks, "bytes"), unit: "bytes", runs: 1 },
    );

    const db = await createDb({ kind: "pglite", dataDir: "memory" });
    await db.migrate();
    const runtime = await createRuntime({ db });
    const account = await seedDemoAccount(db);
    const server = await startServer({
      runtime,
      logger: silentLogger,
      port: 0,
      host: "127.0.0.1",
      webDir: outDir,
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const samples: number[] = [];
      const runs = options.quick ? 2 : 7;
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server.url}/#token=${account.token}`);
        await page.getByRole("textbox", { name: "Your message" }).waitFor({ timeout: 60_000 });
        await page.locator("section[data-phase]").waitFor({ timeout: 60_000 });
        // Milliseconds since the navigation started (the page's time origin).
        samples.push(await page.evaluate(() => performance.now()));
        await context.close();
      }
      rows.push({
        metric: "time to interactive, local server, cold cache",
        value: round(median(samples), 0),
        unit: "ms",
        runs,
        note: "navigation start → message box and state panel rendered",
      });
    } finally {
      await browser.close();
      await server.close();
      await runtime.close();
      await db.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  notes.push(
    "Vite production build, gzip level 9; the console chunk loads only when an admin opens /console. The clock is read in the page once Playwright sees both elements, so it includes one round trip to the driver.",
  );
  return {
    name: "web",
    title: "Web app: bundle and time to interactive",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: performance.now() - started,
    quick: options.quick,
    rows,
    notes,
    details: {},
  };
}
