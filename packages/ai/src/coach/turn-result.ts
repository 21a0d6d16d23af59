// What a client sees of a coach turn: its result (`chat.send`) and the events of its stream
// (`chat.stream`). Both are re-exported by @trellis/api and @trellis/sdk as types.
import type { ActionType, RejectedAction } from "@trellis/actions";
import type {
  ActionOutcome,
  CompletedOutcome,
  FailedOutcome,
  PendingOutcome,
} from "@trellis/engine";
import type { CoachComponent } from "./component.ts";
import type { TurnState } from "./turn-state.ts";

export interface TurnResult {
  userMessageId: string;
  coachMessage: {
    id: string;
    content: string;
    component: CoachComponent | null;
    phase: string;
    promptVersion: number;
  };
  actions: ActionOutcome[];
  /** Actions the model emitted that were invalid even after asking again. */
  rejected: RejectedAction[];
  /** Model calls this turn needed (1 when the first reply was valid). */
  attempts: number;
  state: TurnState;
  replayed: boolean;
}

/**
 * One event of a turn's stream, in order. The coach's words arrive as `message.delta`s to
 * append; `turn.reasked` means the reply so far was invalid and the model is asked again: the
 * client DISCARDS the text streamed so far. Actions apply only once the reply is complete and
 * valid, each with `action.started` then one of its outcomes. Exactly one of `turn.completed`,
 * `turn.failed` or `turn.stopped` ends the stream.
 */
export type TurnStreamEvent =
  | { type: "turn.started"; turnId: string; userMessageId: string }
  | { type: "message.delta"; text: string }
  | { type: "turn.reasked"; problems: string[] }
  | { type: "action.started"; actionId: string; actionType: ActionType }
  | { type: "action.completed"; outcome: CompletedOutcome }
  | { type: "action.failed"; outcome: FailedOutcome }
  | { type: "action.pending_confirmation"; outcome: PendingOutcome }
  | { type: "turn.completed"; result: TurnResult }
  | { type: "turn.failed"; error: { kind: string; message: string } }
  | { type: "turn.stopped" };

export type TurnStreamEventType = TurnStreamEvent["type"];

/** Receives a turn's events as they happen (synchronously: it must not throw or block). */
export type TurnEventSink = (event: TurnStreamEvent) => void;
