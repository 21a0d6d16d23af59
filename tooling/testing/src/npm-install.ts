// `npm install` for tests that build a project outside the workspace (the SDK as a front-end
// team installs it). npm's defaults retry a failing request for minutes: behind a
// TLS-intercepting proxy whose CA Node was not given, every request fails with
// SELF_SIGNED_CERT_IN_CHAIN and the install hung for the whole test timeout. So the registry is
// pinged first with a short timeout, and a failure says which registry could not be reached,
// why, and what to set.
import { spawn } from "node:child_process";

export interface NpmInstallOptions {
  /** The project to install (its package.json). */
  cwd: string;
  /** npm's cache folder (a warm cache makes later runs offline-fast). */
  cache: string;
  /** The environment npm runs with (default: outsideNpmEnv()). */
  env?: NodeJS.ProcessEnv;
  /** The registry probe's timeout per attempt (default 15 s; two attempts). */
  probeTimeoutMs?: number;
}

/** The registry could not be reached: the message names it, the cause and the remedy. */
export class RegistryUnreachableError extends Error {
  override readonly name = "RegistryUnreachableError";
  readonly registry: string;
  readonly code: string;
  constructor(registry: string, code: string, detail: string) {
    super(
      `The npm registry ${registry} could not be reached (${code}${detail ? `: ${detail}` : ""}). ` +
        remedyFor(code),
    );
    this.registry = registry;
    this.code = code;
  }
}

/**
 * This process's environment for an npm of a project outside the workspace: no pnpm settings
 * leak into its install (pnpm sets `npm_config_*` for its own scripts), but the machine's
 * network settings for npm (registry, CA, proxy) stay.
 */
function outsideNpmEnv(): NodeJS.ProcessEnv {
  const network =
    /^npm_config_(registry|cafile|ca|cert|key|strict_ssl|proxy|https_proxy|noproxy)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => network.test(key) || !/^(npm_|pnpm_)/i.test(key)),
  );
}

export async function npmInstall(options: NpmInstallOptions): Promise<void> {
  const env = options.env ?? outsideNpmEnv();
  const registry = (await npm(["config", "get", "registry"], options.cwd, env)).output.trim();
  const timeout = String(options.probeTimeoutMs ?? 15_000);
  const ping = await npm(
    [
      "ping",
      "--cache",
      options.cache,
      "--fetch-retries=1",
      "--fetch-retry-mintimeout=500",
      "--fetch-retry-maxtimeout=1000",
      `--fetch-timeout=${timeout}`,
    ],
    options.cwd,
    env,
  );
  if (ping.status !== 0) throw unreachable(registry, ping.output);
  const install = await npm(
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--cache", options.cache],
    options.cwd,
    env,
  );
  if (install.status === 0) return;
  const failure = networkFailure(install.output);
  if (failure) throw new RegistryUnreachableError(registry, failure.code, failure.detail);
  throw new Error(`npm install failed in ${options.cwd}:\n${install.output}`);
}

function unreachable(registry: string, output: string): RegistryUnreachableError {
  const failure = networkFailure(output) ?? {
    code: "unknown",
    detail: output.trim().split("\n").slice(-3).join(" "),
  };
  return new RegistryUnreachableError(registry, failure.code, failure.detail);
}

const TLS_CODES =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_|CERT_|ERR_TLS_|EPROTO)/;
const DNS_CODES = /^(ENOTFOUND|EAI_AGAIN)$/;
const PROXY_AUTH_CODES = /^E407$/;

/** npm's error code and reason (`npm error code X`, `… failed, reason: Y`), when it has one. */
function networkFailure(output: string): { code: string; detail: string } | null {
  const code = /npm (?:error|ERR!) code (\S+)/.exec(output)?.[1];
  const reason = /reason: (.+)$/m.exec(output)?.[1]?.trim() ?? "";
  if (code === undefined) return null;
  const network =
    TLS_CODES.test(code) ||
    DNS_CODES.test(code) ||
    PROXY_AUTH_CODES.test(code) ||
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|FETCH_ERROR)$/.test(
      code,
    );
  return network ? { code, detail: reason } : null;
}

function remedyFor(code: string): string {
  if (TLS_CODES.test(code)) {
    return "Its TLS certificate is not trusted. Behind a TLS-intercepting proxy, give Node the proxy's CA certificate: NODE_EXTRA_CA_CERTS=/path/to/ca.pem (pnpm test passes it, SSL_CERT_FILE and the proxy variables through to the tests).";
  }
  if (DNS_CODES.test(code)) {
    return "Its host name does not resolve: check the registry (npm config get registry), or set HTTPS_PROXY if the network needs a proxy.";
  }
  if (PROXY_AUTH_CODES.test(code)) {
    return "The proxy asks for credentials: put them in HTTPS_PROXY (https://user:password@host:port).";
  }
  return "Nothing answered in time: check the network, or set HTTPS_PROXY / NO_PROXY (or npm's proxy settings) if the network needs a proxy.";
}

function npm(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", (error) =>
      resolve({ status: 127, output: `cannot run npm: ${error.message}` }),
    );
    child.on("close", (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output }));
  });
}
