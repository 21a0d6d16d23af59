// A coach turn as the client sees it (`chat.send`): the coach's message, what each of its
// actions did, and the state after them.
import type { RejectedAction } from "@trellis/actions";
import type { Json } from "./json.ts";
import type { ActionOutcome } from "./outcome.ts";

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
