// npmInstall against registries on 127.0.0.1 that fail the way real networks do: nothing
// listening, a TLS-intercepting proxy whose CA Node was not given (and was), and a server that
// never answers. Each failure must come back as one clear error, not minutes of retries.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import selfsigned from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmInstall, RegistryUnreachableError } from "../src/npm-install.ts";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "trellis-npm-install-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A consumer project depending on `dependencies`, with a cache of its own (nothing cached). */
function project(name: string, dependencies: Record<string, string> = {}) {
  const cwd = path.join(scratch, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(
    path.join(cwd, "package.json"),
    JSON.stringify({ name: `consumer-${name}`, private: true, dependencies }),
  );
  return { cwd, cache: path.join(cwd, ".npm-cache") };
}

/** npm's environment with `registry` and no CA, proxy or npm setting from this machine. */
function envFor(registry: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([key]) => !/^(npm_|pnpm_|NODE_EXTRA_CA_CERTS$|SSL_CERT_|https?_proxy$|no_proxy$)/i.test(key),
  );
  return { ...Object.fromEntries(kept), npm_config_registry: registry, ...extra };
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not listening on TCP");
  return address.port;
}

async function closed(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe("npmInstall", () => {
  it("names an unreachable registry and what refused it", async () => {
    const probe = createTcpServer();
    const port = await listening(probe);
    await closed(probe); // nothing listens there now
    const registry = `http://127.0.0.1:${port}/`;
    const failure = npmInstall({ ...project("refused"), env: envFor(registry) });
    await expect(failure).rejects.toBeInstanceOf(RegistryUnreachableError);
    await expect(failure).rejects.toThrow(`The npm registry ${registry} could not be reached`);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    await expect(failure).rejects.toThrow(/HTTPS_PROXY/);
  });

  it("gives up on a registry that never answers after its probe timeout", async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    const registry = `http://127.0.0.1:${await listening(silent)}/`;
    try {
      const failure = npmInstall({
        ...project("silent"),
        env: envFor(registry),
        probeTimeoutMs: 1000,
      });
      await expect(failure).rejects.toBeInstanceOf(RegistryUnreachableError);
      await expect(failure).rejects.toThrow(`The npm registry ${registry} could not be reached`);
      await expect(failure).rejects.toThrow(/Nothing answered in time/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await closed(silent);
    }
  });

  describe("behind a TLS-intercepting proxy", () => {
    let registry = "";
    let caFile = "";
    let server: ReturnType<typeof createHttpsServer> | undefined;

    beforeAll(async () => {
      // The proxy's own CA, and the certificate it presents for the registry, signed by it.
      const ca = await selfsigned.generate([{ name: "commonName", value: "Proxy CA" }], {
        keySize: 2048,
        extensions: [
          { name: "basicConstraints", cA: true, critical: true },
          { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        ],
      });
      const leaf = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
        keySize: 2048,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: "basicConstraints", cA: false },
          {
            name: "subjectAltName",
            altNames: [{ type: 7, ip: "127.0.0.1" }],
          },
        ],
      });
      caFile = path.join(scratch, "proxy-ca.pem");
      writeFileSync(caFile, ca.cert);
      const tarball = packedPackage("tiny-dependency", "1.0.0");
      server = createHttpsServer(
        { key: leaf.private, cert: `${leaf.cert.trim()}\n${ca.cert.trim()}\n` },
        (req, res) => {
          if (req.url?.startsWith("/-/ping")) {
            res.writeHead(200, { "content-type": "application/json" }).end("{}");
          } else if (req.url === "/tiny-dependency") {
            res.writeHead(200, { "content-type": "application/json" }).end(
              JSON.stringify({
                name: "tiny-dependency",
                "dist-tags": { latest: "1.0.0" },
                versions: {
                  "1.0.0": {
                    name: "tiny-dependency",
                    version: "1.0.0",
                    dist: { tarball: `${registry}tiny-dependency/-/tiny-dependency-1.0.0.tgz` },
                  },
                },
              }),
            );
          } else if (req.url === "/tiny-dependency/-/tiny-dependency-1.0.0.tgz") {
            res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
          } else {
            res.writeHead(404).end();
          }
        },
      );
      registry = `https://127.0.0.1:${await listening(server)}/`;
    });

    afterAll(async () => {
      if (server) await closed(server);
    });

    it("says the certificate is not trusted and names NODE_EXTRA_CA_CERTS", async () => {
      const failure = npmInstall({
        ...project("untrusted", { "tiny-dependency": "1.0.0" }),
        env: envFor(registry),
      });
      await expect(failure).rejects.toBeInstanceOf(RegistryUnreachableError);
      await expect(failure).rejects.toThrow(/SELF_SIGNED_CERT_IN_CHAIN/);
      await expect(failure).rejects.toThrow(/NODE_EXTRA_CA_CERTS=/);
    });

    it("installs through it once Node is given the proxy's CA", async () => {
      const consumer = project("trusted", { "tiny-dependency": "1.0.0" });
      await npmInstall({ ...consumer, env: envFor(registry, { NODE_EXTRA_CA_CERTS: caFile }) });
      const installed = JSON.parse(
        readFileSync(path.join(consumer.cwd, "node_modules/tiny-dependency/package.json"), "utf8"),
      );
      expect(installed).toMatchObject({ name: "tiny-dependency", version: "1.0.0" });
    });
  });
});

/** A package tarball, made by `npm pack` as a registry would serve it. */
function packedPackage(name: string, version: string): Buffer {
  const dir = path.join(scratch, `pack-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version }));
  writeFileSync(path.join(dir, "index.js"), "export {};\n");
  const file = execFileSync("npm", ["pack", "--silent"], { cwd: dir, encoding: "utf8" }).trim();
  return readFileSync(path.join(dir, file));
}
