/// <reference lib="dom" />
// One first load of the chat route in a fresh Chromium context (cold cache), watched through
// the Chrome DevTools Protocol: every response's bytes on the wire (compressed bodies plus
// headers, as the network carried them) and the moment the message box became usable (shown,
// enabled), on the page's clock (0 = navigation start). Optionally under an emulated network.
import type { Browser } from "playwright-core";

/** Chrome DevTools' "Slow 3G": 400 kb/s down and up (50,000 bytes/s), 2 s round trip. */
export const SLOW_3G = { latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };

export interface FirstLoad {
  /** Milliseconds from navigation start until the message box was usable. */
  usableMs: number;
  /** Bytes on the wire by kind, until the user's state and the chat's lazy parts had arrived. */
  bytes: { document: number; script: number; stylesheet: number; api: number; other: number };
  total: number;
  /** Each response: what it was, how it was encoded, its bytes on the wire. */
  responses: Array<{ url: string; kind: string; encoding: string; bytes: number }>;
}

type Kind = keyof FirstLoad["bytes"];

function kindOf(type: string, url: string): Kind {
  if (type === "Document") return "document";
  if (type === "Script") return "script";
  if (type === "Stylesheet") return "stylesheet";
  const path = new URL(url).pathname;
  if (path.startsWith("/trpc/") || path.startsWith("/api/")) return "api";
  return "other";
}

/**
 * Runs in the page (passed as a function: Playwright calls it through the DevTools Protocol,
 * which the app's CSP allows, unlike a string it would have to eval): the page's clock once
 * the chat's message box (by its accessible name) is on screen and enabled, else false.
 */
function messageBoxUsable(): number | false {
  for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    "textarea, input",
  )) {
    const labelledBy = field.getAttribute("aria-labelledby");
    const names = [
      field.getAttribute("aria-label"),
      ...[...(field.labels ?? [])].map((label) => label.textContent),
      labelledBy ? document.getElementById(labelledBy)?.textContent : null,
    ];
    const named = names.some((name) => name?.trim() === "Your message");
    if (named && !field.disabled && field.getClientRects().length > 0) return performance.now();
  }
  return false;
}

export async function firstLoad(
  browser: Browser,
  link: string,
  network?: typeof SLOW_3G,
): Promise<FirstLoad> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (network) {
      await cdp.send("Network.emulateNetworkConditions", { offline: false, ...network });
    }
    const seen = new Map<
      string,
      { url: string; kind: Kind; encoding: string; bytes: number; finished: boolean }
    >();
    // Requests not yet done (a response may be far off under Slow 3G), by id: their URLs.
    const pending = new Map<string, string>();
    cdp.on("Network.requestWillBeSent", (event) => {
      if (event.request.url.startsWith("http")) pending.set(event.requestId, event.request.url);
    });
    cdp.on("Network.loadingFailed", (event) => {
      pending.delete(event.requestId);
    });
    cdp.on("Network.responseReceived", (event) => {
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      seen.set(event.requestId, {
        url: event.response.url,
        kind: kindOf(event.type, event.response.url),
        encoding: String(headers["content-encoding"] ?? "identity"),
        bytes: 0,
        finished: false,
      });
    });
    // Streams (the event subscription) never finish: their bytes are counted as they arrive.
    cdp.on("Network.dataReceived", (event) => {
      const entry = seen.get(event.requestId);
      if (entry) entry.bytes += event.encodedDataLength;
    });
    cdp.on("Network.loadingFinished", (event) => {
      const entry = seen.get(event.requestId);
      pending.delete(event.requestId);
      // The total, headers included, replaces the running count.
      if (entry) {
        entry.bytes = event.encodedDataLength;
        entry.finished = true;
      }
    });
    await page.goto(link, { waitUntil: "commit" });
    const handle = await page.waitForFunction(messageBoxUsable, undefined, {
      timeout: 120_000,
      polling: "raf",
    });
    const usableMs = Number(await handle.jsonValue());
    // The first load is complete when the user's state (state.get, in the first batch) is in
    // and nothing else is still arriving but the event stream (it never ends): the chat's lazy
    // parts, requested beside the API, count as part of it.
    const deadline = Date.now() + 120_000;
    const complete = () => {
      const stateIn = [...seen.values()].some(
        (entry) => entry.url.includes("state.get") && entry.finished,
      );
      return stateIn && [...pending.values()].every((url) => url.includes("/events.subscribe"));
    };
    while (!complete()) {
      if (Date.now() > deadline) throw new Error("the first load never completed");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const responses = [...seen.values()].map(({ finished: _, ...response }) => response);
    const bytes = { document: 0, script: 0, stylesheet: 0, api: 0, other: 0 };
    for (const response of responses) bytes[response.kind] += response.bytes;
    const total = Object.values(bytes).reduce((sum, value) => sum + value, 0);
    return { usableMs, bytes, total, responses };
  } finally {
    await context.close();
  }
}
