// Serves the built web app (apps/web/dist) on the API's origin, so the browser needs no CORS:
// files by path, and index.html for every other GET (the app's own routes, e.g. /console).
// sirv does the file serving (path normalisation, no escape from the folder, ETags, HEAD) and
// picks the precompressed copy the build wrote (`.br`, else `.gz`, else the file itself) by the
// request's Accept-Encoding, with `Vary: Accept-Encoding`.
import type { IncomingMessage, ServerResponse } from "node:http";
import sirv from "sirv";
import { APP_POLICY } from "./security-headers.ts";

export type WebAppHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  notFound: () => void,
) => void;

export interface WebAppOptions {
  /** Serve the build's `.map` files (default false: they show the app's whole source). */
  sourceMaps?: boolean;
}

const SOURCE_MAP = /\.map(\?|$)/;

export function webAppHandler(dir: string, options: WebAppOptions = {}): WebAppHandler {
  const serve = sirv(dir, {
    single: true,
    etag: true,
    gzip: true,
    brotli: true,
    // Vite names built assets by content hash: they never change under the same name.
    setHeaders(res, pathname) {
      // sirv set `Vary: Accept-Encoding` over the CORS `Vary: Origin`; the answer varies by both.
      if (res.hasHeader("access-control-allow-origin")) {
        res.setHeader("vary", "Origin, Accept-Encoding");
      }
      res.setHeader(
        "cache-control",
        pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  return (req, res, notFound) => {
    if (!options.sourceMaps && SOURCE_MAP.test(req.url ?? "")) return notFound();
    // Before sirv: its 304 (a revalidated index.html) skips setHeaders, and a browser updates
    // the cached page's headers from the 304, so the app's policy must be on that one too.
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("content-security-policy", APP_POLICY);
    serve(req, res, notFound);
  };
}
