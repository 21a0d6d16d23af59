// Following a turn this process does not run (it runs, or ran, in another process, or in one
// that died): its record says where it stands. The stream then is the turn's start and its
// end, read from the TurnRecord; a turn in flight is looked at again every `pollMs` until it
// ends (the lease and recovery machinery finish or interrupt a turn whose owner died).
import { lookUpTurn, type TurnStanding } from "@trellis/ai";
import type { Db } from "@trellis/db";
import { TRPCError } from "@trpc/server";
import type { NumberedEvent } from "./live-turn.ts";

export async function* followStoredTurn(options: {
  db: Db;
  userId: string;
  turnId: string;
  signal: AbortSignal;
  pollMs?: number;
}): AsyncGenerator<NumberedEvent> {
  const { db, userId, turnId, signal } = options;
  let standing = await lookUpTurn(db, userId, turnId);
  if (standing === null) {
    throw new TRPCError({ code: "NOT_FOUND", message: `No turn with id ${turnId}` });
  }
  // Numbered afresh: `turn.started` resets a client's view, so what it had is replaced.
  yield { seq: 1, event: { type: "turn.started", turnId, userMessageId: standing.userMessageId } };
  while (standing.status === "running") {
    if (!(await pause(options.pollMs ?? 500, signal))) return;
    standing = (await lookUpTurn(db, userId, turnId)) ?? standing;
  }
  yield { seq: 2, event: ending(standing) };
}

function ending(standing: Exclude<TurnStanding, { status: "running" }>): NumberedEvent["event"] {
  if (standing.status === "done") return { type: "turn.completed", result: standing.result };
  if (standing.reason === "stopped") return { type: "turn.stopped" };
  return {
    type: "turn.failed",
    error: {
      kind: "interrupted",
      message: "The turn ended before the coach answered; nothing was applied. Send it again.",
    },
  };
}

/** Waits `ms`; false when `signal` ended the wait. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
