// Following a turn this process does not run (another process runs or ran it, or one that died):
// its events are read from the database (event-log.ts) after the follower's last id, woken by
// the writer's notification, with the same numbers the running process gave them, so a client
// moving between processes gets every event once, in order. The turn's record says when a turn
// has ended without a last event (a `chat.send` turn writes none; a process died): the stream
// then ends with the record's outcome. A turn whose process is gone (its lease ran out) is
// taken over when the caller can (it knows the request), else left to the recovery sweep.
import { lookUpTurn } from "@trellis/ai";
import { isTerminalTurnEvent, type TurnStreamEvent } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { turnStreamEventSchema } from "@trellis/contract/schemas";
import { TRPCError } from "@trpc/server";
import type { ApiRuntime } from "../services.ts";
import { lastTurnEvent, TURN_EVENTS_SIGNAL } from "./event-log.ts";
import type { NumberedEvent } from "./live-turn.ts";

type Standing = NonNullable<Awaited<ReturnType<typeof lookUpTurn>>>;

const PAGE = 500;

export interface SharedTurnOptions {
  db: Db;
  bus: Pick<ApiRuntime["bus"], "onSignal">;
  userId: string;
  turnId: string;
  /** The follower's last event id (0: from the start). */
  after: number;
  signal: AbortSignal;
  /** How often an idle follower looks at the turn's record (default 1 s). */
  pollMs?: number;
  /** Runs the turn here when its process is gone; the stream goes on with its events. */
  takeOver?: () => Promise<AsyncIterable<NumberedEvent>>;
}

export async function* followSharedTurn(options: SharedTurnOptions): AsyncGenerator<NumberedEvent> {
  const { db, userId, turnId, signal } = options;
  const pollMs = options.pollMs ?? 1_000;
  let standing = await lookUpTurn(db, userId, turnId);
  if (standing === null) {
    throw new TRPCError({ code: "NOT_FOUND", message: `No turn with id ${turnId}` });
  }
  const waker = new Waker();
  const unlisten = options.bus.onSignal((message) => {
    if (message === TURN_EVENTS_SIGNAL + turnId) waker.wake();
  });
  let after = options.after;
  let endedSince: number | null = null;
  try {
    for (;;) {
      waker.reset();
      const rows = await db.prisma.turnEvent.findMany({
        where: { turnId, userId, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: PAGE,
        select: { seq: true, event: true },
      });
      for (const row of rows) {
        const parsed = turnStreamEventSchema.safeParse(row.event);
        after = row.seq;
        if (!parsed.success) continue;
        yield { seq: row.seq, event: parsed.data };
        if (isTerminalTurnEvent(parsed.data)) return;
      }
      if (rows.length === PAGE) continue;
      if (standing.status === "running") {
        endedSince = null;
        if (standing.stalled && options.takeOver) {
          yield* await options.takeOver();
          return;
        }
      } else {
        endedSince ??= Date.now();
        const last = await lastTurnEvent(db, turnId);
        // At or past the last event of a finished turn: nothing more, the stream ends.
        if (last !== null && isTerminalTurnEvent(last.event)) return;
        // A turn that writes no events (`chat.send`'s), or whose last one never came (its
        // process died; a moment's grace first: the last event is written after the record).
        if (last === null || Date.now() - endedSince >= 2 * pollMs) {
          yield* endingOf(turnId, standing, after, last);
          return;
        }
      }
      const woken = await waker.wait(pollMs, signal);
      if (signal.aborted) return;
      if (!woken) standing = (await lookUpTurn(db, userId, turnId)) ?? standing;
    }
  } finally {
    unlisten();
  }
}

/**
 * The end of a turn told by its record, after the follower's `after`. A turn that wrote no
 * events (`last` null) is told as its start (1) and its end (2), as if it had written them.
 */
function* endingOf(
  turnId: string,
  standing: Exclude<Standing, { status: "running" }>,
  after: number,
  last: NumberedEvent | null,
): Generator<NumberedEvent> {
  if (last !== null) {
    yield { seq: Math.max(after, last.seq) + 1, event: ending(standing) };
    return;
  }
  const { userMessageId } = standing;
  const told: NumberedEvent[] = [
    { seq: 1, event: { type: "turn.started", turnId, userMessageId } },
    { seq: 2, event: ending(standing) },
  ];
  yield* told.filter((item) => item.seq > after);
}

function ending(standing: Exclude<Standing, { status: "running" }>): TurnStreamEvent {
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

/** A wait that a notification ends early. */
class Waker {
  #woken = false;
  #resolve: (() => void) | null = null;

  reset(): void {
    this.#woken = false;
  }

  wake(): void {
    this.#woken = true;
    this.#resolve?.();
  }

  /** True when woken (now or during the wait), false after `ms` or on abort. */
  wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.#woken) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.#resolve = null;
        resolve(woken);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#resolve = () => done(true);
    });
  }
}
