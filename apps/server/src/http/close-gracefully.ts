import type { Server } from "node:http";
import type { Logger } from "../logger.ts";

/**
 * Stops accepting, ends open subscriptions (through `shutdown`), lets in-flight requests finish
 * for `graceMs`, then drops what is left. Safe to call more than once: one close runs.
 */
export function gracefulClose(
  server: Server,
  shutdown: AbortController,
  graceMs: number,
  logger: Logger,
  inFlight: () => number,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Subscriptions end (their streams return), so their requests finish like the others.
      shutdown.abort();
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const outcome = await Promise.race([closed.then(() => "closed" as const), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        logger.warn("dropping requests still open after the grace period", {
          inFlight: inFlight(),
        });
        server.closeAllConnections();
        await closed;
      }
    })();
    return closing;
  };
}

/** Listens on `port` (0: a free one) and `host`; resolves with the server's base URL. */
export async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : 0;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return { url: `http://${shownHost}:${bound}`, port: bound };
}
