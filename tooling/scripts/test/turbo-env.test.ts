// turbo runs tasks in strict environment mode: a variable it does not pass through never
// reaches a test. Tests that install from the npm registry (the SDK package test) need the
// machine's network and TLS settings, or every request fails behind a TLS-intercepting proxy.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..", "..", "..");

const NETWORK_VARIABLES = [
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "npm_config_registry",
  "npm_config_cafile",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "NPM_CONFIG_REGISTRY",
];

/** turbo's env patterns: a name, or a prefix ending in `*`. */
function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

describe("turbo.json", () => {
  it("passes the network and TLS environment through to every task", () => {
    const config: { globalPassThroughEnv?: unknown } = JSON.parse(
      readFileSync(path.join(root, "turbo.json"), "utf8"),
    );
    const patterns = Array.isArray(config.globalPassThroughEnv)
      ? config.globalPassThroughEnv.filter((entry): entry is string => typeof entry === "string")
      : [];
    const dropped = NETWORK_VARIABLES.filter(
      (name) => !patterns.some((pattern) => matches(pattern, name)),
    );
    expect(dropped).toEqual([]);
  });
});
