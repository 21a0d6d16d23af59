// `/metrics` on a port of its own (TRELLIS_METRICS_PORT), without a token: for deployments
// where only the monitoring network reaches that port. Nothing else is served there.
import { createServer, type Server } from "node:http";
import type { Logger } from "./logger.ts";
import type { ServerMetrics } from "./metrics.ts";
import { answerMetrics } from "./server.ts";

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: {
  metrics: ServerMetrics;
  logger: Logger;
  port: number;
  host: string;
}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Only GET /metrics here\n");
      return;
    }
    answerMetrics(options.metrics, res).catch((error: unknown) => {
      options.logger.error("metrics failed", { error });
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
