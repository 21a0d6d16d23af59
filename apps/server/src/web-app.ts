// Serves the built web app (apps/web/dist) on the API's origin, so the browser needs no CORS:
// files by path, and index.html for every other GET (the app's own routes, e.g. /console).
// sirv does the file serving (path normalisation, no escape from the folder, ETags, HEAD).
import type { IncomingMessage, ServerResponse } from "node:http";
import sirv from "sirv";

export type WebAppHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  notFound: () => void,
) => void;

export function webAppHandler(dir: string): WebAppHandler {
  const serve = sirv(dir, {
    single: true,
    etag: true,
    // Vite names built assets by content hash: they never change under the same name.
    setHeaders(res, pathname) {
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader(
        "cache-control",
        pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  return (req, res, notFound) => serve(req, res, notFound);
}
