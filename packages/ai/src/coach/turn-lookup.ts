// Where a turn stands, by its id: what a client following the turn from another server
// process (or after the process that ran it died) can be told without running it.
import type { Db } from "@trellis/db";
import { replay } from "./stored-result.ts";
import { turnStage } from "./turn-record.ts";
import type { TurnResult } from "@trellis/contract";

export type TurnStanding =
  /** `stalled`: its lease has run out (its process died or gave it up): it may be taken over. */
  | { status: "running"; userMessageId: string; stalled: boolean }
  | { status: "done"; userMessageId: string; result: TurnResult }
  /** Stopped before the model answered (`reason`: stopped, cancelled, model_failed …). */
  | { status: "interrupted"; userMessageId: string; reason: string };

/** The turn's standing, or null when the user has no turn with this id. */
export async function lookUpTurn(
  db: Db,
  userId: string,
  turnId: string,
): Promise<TurnStanding | null> {
  const row = await db.prisma.turnRecord.findFirst({
    where: { id: turnId, userId },
    select: { response: true, leaseUntil: true },
  });
  const parsed = turnStage.safeParse(row?.response);
  if (!parsed.success) return null;
  const stage = parsed.data;
  switch (stage.stage) {
    case "done": {
      const result = replay(stage.result);
      return { status: "done", userMessageId: result.userMessageId, result };
    }
    case "interrupted":
      return { status: "interrupted", userMessageId: stage.userMessageId, reason: stage.reason };
    default: {
      const lease = row?.leaseUntil ?? null;
      const stalled = lease === null || lease.getTime() <= Date.now();
      return { status: "running", userMessageId: stage.userMessageId, stalled };
    }
  }
}
