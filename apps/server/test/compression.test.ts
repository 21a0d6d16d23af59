// The API's JSON answers over real HTTP: brotli or gzip when the request accepts it and the
// body is large enough, plain otherwise, always with `Vary: Accept-Encoding` and the security
// headers; the event stream (SSE) never compressed and still delivered event by event.
import { get, type IncomingMessage } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseCoding, COMPRESS_MIN_BYTES } from "../src/http/compress.ts";
import { type Harness, startHarness, type TestUser, waitFor } from "./support.ts";

let h: Harness;
let user: TestUser;

beforeAll(async () => {
  h = await startHarness();
  user = await h.newUser();
});

afterAll(async () => {
  await h?.dispose();
});

interface RawAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  /** The body as it crossed the wire (still compressed). */
  wire: Buffer;
}

/** A GET whose body is read as bytes: Node's http client decodes nothing. */
function rawGet(path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    get(
      `${h.url}${path}`,
      { headers: { authorization: `Bearer ${user.token}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            wire: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    ).on("error", reject);
  });
}

function decode(answer: RawAnswer): unknown {
  const coding = answer.headers["content-encoding"];
  const body =
    coding === "br"
      ? brotliDecompressSync(answer.wire)
      : coding === "gzip"
        ? gunzipSync(answer.wire)
        : answer.wire;
  return JSON.parse(body.toString("utf8"));
}

const CATALOG = "/trpc/actions.catalog";

describe("JSON answers", () => {
  it("are sent plain, the same JSON, to a client that accepts no coding", async () => {
    const plain = await rawGet(CATALOG, {});
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    // Large enough to be worth compressing: the next cases compare against it.
    expect(plain.wire.byteLength).toBeGreaterThan(COMPRESS_MIN_BYTES * 4);
    expect(decode(plain)).toMatchObject({ result: { data: { json: expect.any(Array) } } });
  });

  it("go out brotli or gzip as accepted, smaller, and decode to the same JSON", async () => {
    const plain = await rawGet(CATALOG, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const cases = [
      { accept: "gzip, deflate, br, zstd", coding: "br" },
      { accept: "br;q=0.5, gzip", coding: "gzip" },
      { accept: "gzip", coding: "gzip" },
      { accept: "br", coding: "br" },
    ];
    for (const { accept, coding } of cases) {
      const answer = await rawGet(CATALOG, { "accept-encoding": accept });
      expect(answer.status).toBe(200);
      expect(answer.headers["content-encoding"], accept).toBe(coding);
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.headers["content-length"]).toBeUndefined();
      expect(answer.wire.byteLength).toBeLessThan(plain.wire.byteLength / 3);
      expect(decode(answer)).toEqual(decode(plain));
      // The headers every answer carries are kept.
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
      expect(answer.headers["content-security-policy"]).toContain("default-src 'none'");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["x-request-id"]).toBeTruthy();
    }
  });

  it("are compressed in batches too (the app's first load is one batched GET)", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: null } }));
    const answer = await rawGet(`/trpc/actions.catalog,account.me?batch=1&input=${input}`, {
      "accept-encoding": "br",
    });
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(decode(answer)).toHaveLength(2);
  });

  it("stay plain below the threshold, even when the client accepts brotli", async () => {
    const small = await rawGet("/trpc/account.me", { "accept-encoding": "br, gzip" });
    expect(small.status).toBe(200);
    expect(small.wire.byteLength).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers.vary).toMatch(/accept-encoding/i);
    expect(decode(small)).toMatchObject({ result: { data: { json: { id: user.userId } } } });
  });
});

describe("the event stream", () => {
  it("is never compressed, and each event arrives while the stream stays open", async () => {
    const texts: string[] = [];
    let headers: IncomingMessage["headers"] = {};
    const stream = get(`${h.url}/trpc/events.subscribe`, {
      headers: {
        authorization: `Bearer ${user.token}`,
        accept: "text/event-stream",
        "accept-encoding": "br, gzip",
      },
    });
    stream.on("response", (res) => {
      headers = res.headers;
      res.setEncoding("utf8");
      res.on("data", (text: string) => texts.push(text));
    });
    try {
      await waitFor(() => texts.join("").includes("event: connected"));
      expect(headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(headers["content-encoding"]).toBeUndefined();
      // A turn's actions are events: each reaches the open stream as plain text, at once.
      await user.client.chat.send.mutate({ message: "Hello" });
      await waitFor(() => /"actionType":"/.test(texts.join("")));
      expect(texts.join("")).toMatch(/^data: .*"actionType":"/m);
    } finally {
      stream.destroy();
    }
  });
});

describe("chooseCoding", () => {
  it("prefers brotli, honours q-values and q=0, and reads * as any other coding", () => {
    expect(chooseCoding(undefined)).toBeUndefined();
    expect(chooseCoding("")).toBeUndefined();
    expect(chooseCoding("identity")).toBeUndefined();
    expect(chooseCoding("deflate, zstd")).toBeUndefined();
    expect(chooseCoding("gzip, br")).toBe("br");
    expect(chooseCoding("gzip;q=1, br;q=0.8")).toBe("gzip");
    expect(chooseCoding("br;q=0, gzip")).toBe("gzip");
    expect(chooseCoding("BR")).toBe("br");
    expect(chooseCoding("*")).toBe("br");
    expect(chooseCoding("*;q=0.5, br;q=0")).toBe("gzip");
    expect(chooseCoding("gzip;q=0, br;q=0")).toBeUndefined();
  });
});
