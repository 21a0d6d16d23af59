// A turn's end, whichever mode replied: the coach message gets its component (and, in tool
// mode, its final text), the new state is read, and the `TurnResult` is built and recorded,
// here only, so a replay and a fresh turn cannot drift apart.
import type { RejectedAction } from "@trellis/actions";
import type { ActionOutcome, TurnResult } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import { componentOf } from "./component.ts";
import type { TurnParts } from "./reply-mode.ts";
import type { TurnKey } from "./turn-record.ts";
import { loadTurnState } from "./turn-state.ts";

/** The coach message as the turn stored it. */
export interface StoredCoachMessage {
  id: string;
  content: string;
  phase: string | null;
  promptVersion: number | null;
}

/** What a reply mode ends a turn with. */
export interface TurnEnding {
  userMessageId: string;
  coachMessageId: string;
  actions: ActionOutcome[];
  rejected: RejectedAction[];
  /** Model calls the reply took (0 when the turn was resumed without one). */
  attempts: number;
  /** The coach message as this request wrote it; null: read it back (a resumed turn). */
  stored: StoredCoachMessage | null;
  /** The coach message's text, when the mode writes it at the end (tool calling). */
  finalText?: string;
}

export async function finishTurn(
  parts: Pick<TurnParts, "db" | "records">,
  key: TurnKey,
  ending: TurnEnding,
): Promise<TurnResult> {
  const { db } = parts;
  const component = componentOf(ending.actions);
  const componentJson = component ? toJson(component) : null;
  const data = {
    ...(ending.finalText !== undefined ? { content: ending.finalText } : {}),
    ...(componentJson !== null ? { component: componentJson } : {}),
  };
  // Nothing to write, and nothing to read back unless resumed.
  const coach: StoredCoachMessage =
    ending.stored !== null && Object.keys(data).length === 0
      ? ending.stored
      : await db.prisma.chatMessage.update({ where: { id: ending.coachMessageId }, data });
  const state = await loadTurnState(db, key.userId);
  const result: TurnResult = {
    userMessageId: ending.userMessageId,
    coachMessage: {
      id: coach.id,
      content: coach.content,
      component,
      phase: coach.phase ?? state.phase,
      promptVersion: coach.promptVersion ?? 0,
    },
    actions: ending.actions,
    rejected: ending.rejected,
    attempts: ending.attempts,
    state,
    replayed: false,
  };
  await parts.records.advance(db.prisma, key, { stage: "done", result: toJson(result) });
  return result;
}
