// Drives a whole coaching session through the SDK, answering as a user would. With the
// scripted coach it walks every phase to identity_visualization, approving each confirmation
// (the "I am" statements) on the way. Used by `pnpm demo` and by the end-to-end tests.
import { ScriptedUser } from "@trellis/ai";
import {
  type StateDto,
  type TrellisClient,
  type TurnResult,
  type TurnStreamEvent,
  turnEvents,
} from "@trellis/sdk";

export interface SessionHooks {
  /** Before each turn is sent. */
  onUserMessage?(message: string, phase: string): void;
  /** With it, turns are streamed (`chat.stream`) and each event is passed on as it comes. */
  onEvent?(event: TurnStreamEvent): void;
  /** After each turn. */
  onTurn?(turn: TurnResult): void;
  /** After each confirmation was approved. */
  onApproved?(title: string, status: string): void;
}

export interface SessionResult {
  turns: number;
  phases: string[];
  final: StateDto;
  complete: boolean;
}

export function isComplete(state: StateDto): boolean {
  const active = state.identities.filter((identity) => identity.state !== "archived");
  return (
    state.state.phase === "identity_visualization" &&
    active.length > 0 &&
    active.every((identity) => identity.state === "visualization_complete")
  );
}

export async function runSession(
  client: TrellisClient,
  hooks: SessionHooks = {},
  maxTurns = 80,
): Promise<SessionResult> {
  const phases: string[] = [];
  const user = new ScriptedUser();
  let state = await client.state.get.query();
  let turns = 0;
  while (turns < maxTurns && !isComplete(state)) {
    const phase = state.state.phase;
    if (phases.at(-1) !== phase) phases.push(phase);
    const message = user.answer(phase);
    hooks.onUserMessage?.(message, phase);
    const turn = hooks.onEvent
      ? await streamTurn(client, message, hooks.onEvent)
      : await client.chat.send.mutate({ message });
    turns++;
    hooks.onTurn?.(turn);
    for (const confirmation of turn.coachMessage.component?.confirmations ?? []) {
      const outcome = await client.pending.approve.mutate({
        pendingActionId: confirmation.pendingActionId,
      });
      hooks.onApproved?.(confirmation.title, outcome.status);
    }
    state = await client.state.get.query();
  }
  if (phases.at(-1) !== state.state.phase) phases.push(state.state.phase);
  return { turns, phases, final: state, complete: isComplete(state) };
}

/** One turn through `chat.stream`: its result, or its failure as an error. */
async function streamTurn(
  client: TrellisClient,
  message: string,
  onEvent: (event: TurnStreamEvent) => void,
): Promise<TurnResult> {
  for await (const event of turnEvents(client, { message })) {
    onEvent(event);
    if (event.type === "turn.completed") return event.result;
    if (event.type === "turn.failed")
      throw new Error(`${event.error.kind}: ${event.error.message}`);
    if (event.type === "turn.stopped") throw new Error("The turn was stopped");
  }
  throw new Error("The turn's stream ended without its result");
}
