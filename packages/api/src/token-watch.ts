// Open subscriptions outlive the request that authenticated them. A revoked token must not keep
// receiving events, on this server process or any other: each subscription re-checks its token
// in the database (the one place every process shares) and ends when it is revoked.
import type { Db } from "@trellis/db";
import { isTokenActive } from "./tokens.ts";

export interface TokenWatch {
  /** Aborted once the token is found revoked (or deleted). */
  readonly revoked: AbortSignal;
  stop(): void;
}

export function watchToken(db: Db, tokenId: string, everyMs: number): TokenWatch {
  const controller = new AbortController();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    isTokenActive(db, tokenId)
      .then((active) => {
        if (!active) controller.abort(new Error("The API token was revoked"));
      })
      // A database hiccup is not a revocation: the next check decides.
      .catch(() => {})
      .finally(() => {
        checking = false;
      });
  }, everyMs);
  timer.unref();
  return {
    revoked: controller.signal,
    stop: () => clearInterval(timer),
  };
}
