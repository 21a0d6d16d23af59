// A client of `chat.stream` as the stream tests see it: the SDK's SSE client, each event with its
// id (what a reconnect sends back as `lastEventId`).
import type { TrellisClient, TurnStreamEvent, TurnStreamInput } from "@trellis/sdk";

export interface Received {
  id: string;
  event: TurnStreamEvent;
}

/** The events that end a turn's stream. */
const LAST_EVENTS: ReadonlySet<string> = new Set(["turn.completed", "turn.failed", "turn.stopped"]);

/**
 * Subscribes until the turn's last event, or until `leaveAfter` says to leave (the connection
 * is closed, the turn runs on). Resolves with what arrived, with the SSE ids.
 */
export function receive(
  client: TrellisClient,
  input: TurnStreamInput,
  leaveAfter: (received: Received[]) => boolean = () => false,
): Promise<Received[]> {
  return new Promise((resolve, reject) => {
    const received: Received[] = [];
    const subscription = client.chat.stream.subscribe(input, {
      onData: ({ id, data }) => {
        received.push({ id, event: data });
        if (LAST_EVENTS.has(data.type) || leaveAfter(received)) {
          subscription.unsubscribe();
          resolve(received);
        }
      },
      onError: (error) => {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}

/** The streamed words, in order. */
export const deltas = (events: readonly TurnStreamEvent[]) =>
  events.flatMap((e) => (e.type === "message.delta" ? [e.text] : []));
