// Every coach turn the SDK sends carries an idempotency key, so the server can resume it after
// a crash and never runs it twice. A caller that wants to retry a turn passes its own key (and
// the same one on each retry); otherwise each call gets a fresh one.
import type { AppRouter } from "@trellis/api";
import type { TRPCLink } from "@trpc/client";

export function idempotencyKeyLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      const { input } = op;
      const needsKey =
        op.path === "chat.send" &&
        typeof input === "object" &&
        input !== null &&
        !("idempotencyKey" in input && input.idempotencyKey);
      return next(
        needsKey ? { ...op, input: { ...input, idempotencyKey: crypto.randomUUID() } } : op,
      );
    };
}
