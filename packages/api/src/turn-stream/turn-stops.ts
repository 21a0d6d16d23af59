// Stops that must reach a turn wherever it runs: on another server process, or on none yet (a
// stop sent right after the message, before the turn began or while it waits for its slot).
// The stop is written to "TurnStop" first, then signalled to every process: the process that
// runs the turn aborts it on the signal, and a turn that starts later takes the row when it
// starts. A row taken or consumed is deleted, so that a retry under the same key runs again;
// one nobody took (the turn never came) is deleted after an hour (the server's housekeeping).
import type { Db } from "@trellis/db";
import type { ApiRuntime } from "../services.ts";

type Signals = Pick<ApiRuntime["bus"], "signal" | "onSignal">;

export interface TurnKeyRef {
  userId: string;
  idempotencyKey: string;
}

const PREFIX = "turn.stop ";

export class TurnStops {
  readonly #db: Db;
  readonly #signals: Signals;

  constructor(db: Db, signals: Signals) {
    this.#db = db;
    this.#signals = signals;
  }

  /** Records a stop for the turn under this key and tells every process. */
  async request(turn: TurnKeyRef): Promise<void> {
    const { prisma } = this.#db;
    await prisma.turnStop.upsert({
      where: { userId_idempotencyKey: turn },
      create: turn,
      update: {},
    });
    await this.#signals.signal(PREFIX + JSON.stringify([turn.userId, turn.idempotencyKey]));
  }

  /** Takes the stop recorded for this key, if any: true when the turn must stop. */
  async take(turn: TurnKeyRef): Promise<boolean> {
    const taken = await this.#db.prisma.turnStop.deleteMany({ where: turn });
    return taken.count > 0;
  }

  /** Calls `listener` for every stop signalled by any process. */
  onStop(listener: (turn: TurnKeyRef) => void): () => void {
    return this.#signals.onSignal((message) => {
      const turn = parseStop(message);
      if (turn) listener(turn);
    });
  }
}

function parseStop(message: string): TurnKeyRef | null {
  if (!message.startsWith(PREFIX)) return null;
  try {
    const parsed: unknown = JSON.parse(message.slice(PREFIX.length));
    if (!Array.isArray(parsed)) return null;
    const [userId, idempotencyKey] = parsed;
    return typeof userId === "string" && typeof idempotencyKey === "string"
      ? { userId, idempotencyKey }
      : null;
  } catch {
    return null;
  }
}
