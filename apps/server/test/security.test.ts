// Security headers on every answer (API, plain-JSON routes, probes, errors), and request log
// lines that never carry a token: not from a query string, a fragment, or the path itself.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { type Harness, startHarness, type TestUser, waitFor } from "./support.ts";

let h: Harness;
let user: TestUser;
const lines: string[] = [];

beforeAll(async () => {
  h = await startHarness({ logger: createLogger({ write: (line) => lines.push(line) }) });
  user = await h.newUser();
});

afterAll(async () => {
  await h?.dispose();
});

const bearer = () => ({ authorization: `Bearer ${user.token}` });

describe("security headers", () => {
  it("are on API answers, refusals and probes alike", async () => {
    const answers = await Promise.all([
      fetch(`${h.url}/trpc/account.me`, { headers: bearer() }),
      fetch(`${h.url}/trpc/account.me`),
      fetch(`${h.url}/api/account/me`, { headers: bearer() }),
      fetch(`${h.url}/health`),
      fetch(`${h.url}/no-such-route`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 200, 200, 404]);
    for (const answer of answers) {
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
      expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
      // Data, never a page: nothing may load in it and nothing may frame it.
      expect(answer.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });
});

/** Sends a request line as a raw client would (fetch never sends a fragment). */
function rawGet(target: string): Promise<string> {
  const { port } = h.server;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
    });
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("request log lines", () => {
  it("carry no fragment, query string or token-shaped path segment", async () => {
    const secret = "trl_NOTLOGGEDabcdefghijklmnopqrstuvwxyz0123456";
    expect(await rawGet(`/#token=${secret}`)).toMatch(/^HTTP\/1\.1 \d{3}/);
    await rawGet(`/health#token=${secret}`);
    await fetch(`${h.url}/trpc/account.me?token=${secret}`);
    await fetch(`${h.url}/api/users/${secret}`);
    const requests = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; path?: string })
        .filter((line) => line.msg === "request");
    await waitFor(() => requests().length >= 4);
    expect(lines.join("\n")).not.toContain("NOTLOGGED");
    expect(requests().map((line) => line.path)).toEqual(
      expect.arrayContaining(["/", "/health", "/trpc/account.me", "/api/users/trl_[redacted]"]),
    );
  });
});
