// The events that end a turn's stream, written once: the server's turn hub and the SDK's
// `turnEvents` both stop there. Its own entry (`@trellis/contract/turn-events`), so that a
// client bundle takes this and nothing else of the contract.
import type { TurnStreamEvent } from "./turn.ts";

/** Exactly one of them comes, last. */
const terminalTurnEvents = [
  "turn.completed",
  "turn.failed",
  "turn.stopped",
] as const satisfies readonly TurnStreamEvent["type"][];

export type TerminalTurnEvent = Extract<
  TurnStreamEvent,
  { type: (typeof terminalTurnEvents)[number] }
>;

const terminal: ReadonlySet<string> = new Set(terminalTurnEvents);

/** Whether `event` ends its turn's stream. */
export function isTerminalTurnEvent(event: TurnStreamEvent): event is TerminalTurnEvent {
  return terminal.has(event.type);
}
