// The built web app served on the API's origin: files by path, index.html for the app's own
// routes, long caching only for hashed assets, nothing outside the folder.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.ts";
import { webAppHandler } from "../src/web-app.ts";

let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "trellis-web-app-"));
  await mkdir(join(dir, "assets"));
  await writeFile(join(dir, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(join(dir, "assets", "index-abc123.js"), "console.log(1)");
  await writeFile(join(dir, "..", "trellis-web-app-secret.txt"), "secret");
  const web = webAppHandler(dir);
  server = createServer((req, res) =>
    web(req, res, () => {
      res.writeHead(404);
      res.end("not found");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
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
  });
});
