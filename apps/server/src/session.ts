// Drives a whole coaching session through the SDK, answering as a user would. With the
// scripted coach it walks every phase to identity_visualization, approving each confirmation
// (the "I am" statements) on the way. Used by `pnpm demo` and by the end-to-end tests.
import { ScriptedUser } from "@trellis/ai";
import type { StateDto, TrellisClient, TurnResult } from "@trellis/sdk";

export interface SessionHooks {
  /** Before each turn is sent. */
  onUserMessage?(message: string, phase: string): void;
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

function isComplete(state: StateDto): boolean {
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
    const turn = await client.chat.send.mutate({ message });
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
