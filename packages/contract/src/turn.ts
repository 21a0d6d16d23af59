// A coach turn as the client sees it (`chat.send`): the coach's message, what each of its
// actions did, and the state after them.
import type { ActionType, RejectedAction } from "@trellis/actions";
import type { ErrorReason } from "./errors.ts";
import type { Json } from "./json.ts";
import type { ActionOutcome, CompletedOutcome, FailedOutcome, PendingOutcome } from "./outcome.ts";

export interface Confirmation {
  pendingActionId: string;
  actionType: string;
  title: string;
  params: Json;
}

/** The UI a coach message carries: quick-reply buttons and approve/reject confirmations. */
export interface CoachComponent {
  quickReplies?: string[] | undefined;
  confirmations?: Confirmation[] | undefined;
}

export interface TurnState {
  phase: string;
  currentIdentityId: string | null;
  identityFocus: string | null;
  identities: Array<{ id: string; name: string; category: string; state: string }>;
}

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
 * One event of a turn's stream (`chat.stream`), in order. The coach's words arrive as
 * `message.delta`s to append; `turn.reasked` means the reply so far was invalid and the model is
 * asked again: the client DISCARDS the text streamed so far. Actions apply only once the reply is
 * complete and valid, each with `action.started` then one of its outcomes. Exactly one of
 * `turn.completed`, `turn.failed` or `turn.stopped` ends the stream.
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
  | { type: "turn.failed"; error: TurnFailure }
  | { type: "turn.stopped" };

/**
 * Why a streamed turn failed: the reason its `chat.send` would fail with (`model_failed`,
 * `invalid_output`, `busy`, …), `internal` for a failure the server does not explain, or
 * `interrupted` for a turn whose process ended before the coach answered.
 */
/** @public */
export type TurnFailureKind = ErrorReason | "internal" | "interrupted";

/** `turn.failed`'s error: what failed, in words a client may show. */
export interface TurnFailure {
  kind: TurnFailureKind;
  message: string;
}
