// The built web app served on the API's origin: files by path, index.html for the app's own
// routes, long caching only for hashed assets, the precompressed copy the browser accepts, no
// source maps unless asked, the app's Content-Security-Policy, nothing outside the folder.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.ts";
import { type WebAppOptions, webAppHandler } from "../src/web-app.ts";

let dir: string;
let server: Server;
let url: string;
let mapsServer: Server;
let mapsUrl: string;
const SCRIPT = `console.log(${JSON.stringify("x".repeat(2000))})`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "trellis-web-app-"));
  await mkdir(join(dir, "assets"));
  await writeFile(join(dir, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(join(dir, "assets", "index-abc123.js"), SCRIPT);
  // What the build writes beside each file (vite-plugin-compression2).
  await writeFile(join(dir, "assets", "index-abc123.js.br"), brotliCompressSync(SCRIPT));
  await writeFile(join(dir, "assets", "index-abc123.js.gz"), gzipSync(SCRIPT));
  await writeFile(join(dir, "assets", "index-abc123.js.map"), '{"version":3}');
  await writeFile(join(dir, "..", "trellis-web-app-secret.txt"), "secret");
  [server, url] = await listen(dir, {});
  [mapsServer, mapsUrl] = await listen(dir, { sourceMaps: true });
});

async function listen(dir: string, options: WebAppOptions): Promise<[Server, string]> {
  const web = webAppHandler(dir, options);
  const server = createServer((req, res) =>
    web(req, res, () => {
      res.writeHead(404);
      res.end("not found");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return [server, `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`];
}

/** The raw bytes of a response (fetch would decode them): what went over the wire. */
async function raw(
  target: string,
  acceptEncoding: string,
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(target, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === "string") headers.set(name, value);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    })
      .on("error", reject)
      .end();
  });
}

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => mapsServer.close(resolve));
  await rm(dir, { recursive: true, force: true });
  await rm(join(dir, "..", "trellis-web-app-secret.txt"), { force: true });
});

describe("webAppHandler", () => {
  it("serves index.html at / and for the app's routes, never cached for long", async () => {
    for (const path of ["/", "/console/prompts", "/scenarios/x/chat?promptVersion=2"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain("<title>app</title>");
    }
  });

  it("serves hashed assets with their type and immutable caching", async () => {
    const response = await fetch(`${url}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends the brotli copy, else the gzip one, else the file, varying by Accept-Encoding", async () => {
    const asset = `${url}/assets/index-abc123.js`;
    const br = await raw(asset, "gzip, deflate, br, zstd");
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.body.byteLength).toBeLessThan(SCRIPT.length / 10);
    const gz = await raw(asset, "gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await raw(asset, "identity");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.body.toString()).toBe(SCRIPT);
    for (const response of [br, gz, plain]) {
      expect(response.headers.get("vary")).toBe("Accept-Encoding");
      expect(response.headers.get("content-type")).toMatch(/javascript/);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    // Each copy has its own validator: a cache never answers one encoding with another's.
    expect(new Set([br, gz, plain].map((r) => r.headers.get("etag"))).size).toBe(3);
  });

  it("carries the app's Content-Security-Policy: its own scripts only, never framed", async () => {
    const policy = (await fetch(`${url}/`)).headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    // A revalidated page (304) carries it too: the browser takes the 304's headers.
    const etag = (await fetch(`${url}/`)).headers.get("etag") ?? "";
    const revalidated = await fetch(`${url}/`, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("content-security-policy")).toBe(policy);
  });

  it("serves source maps only when asked to", async () => {
    expect((await fetch(`${url}/assets/index-abc123.js.map`)).status).toBe(404);
    const served = await fetch(`${mapsUrl}/assets/index-abc123.js.map`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('{"version":3}');
  });

  it("answers 404 for a missing file and never serves outside its folder", async () => {
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    const escaped = await fetch(`${url}/..%2Ftrellis-web-app-secret.txt`);
    expect(await escaped.text()).not.toContain("secret");
  });
});

describe("TRELLIS_WEB_DIR", () => {
  it("defaults to the built app in apps/web/dist; `none` serves the API only", () => {
    expect(configFromEnv({}).webDir).toMatch(/apps\/web\/dist$/);
    expect(configFromEnv({ TRELLIS_WEB_DIR: "/srv/app" }).webDir).toBe("/srv/app");
    expect(configFromEnv({ TRELLIS_WEB_DIR: "none" }).webDir).toBeNull();
    expect(configFromEnv({}).webSourceMaps).toBe(false);
    expect(configFromEnv({ TRELLIS_WEB_SOURCE_MAPS: "true" }).webSourceMaps).toBe(true);
  });
});
