// A turn's events as an async iterable: `for await (const event of turnEvents(client, input))`.
// It ends after the turn's last event (completed, failed or stopped). Breaking out of the loop
// or aborting `signal` closes the connection; the turn itself runs on (stop it with
// `client.chat.stop`). Dropped connections are resumed by tRPC's client from the last event id.
import type { TurnStreamEvent } from "@trellis/api";
import { isTerminalTurnEvent } from "@trellis/contract/turn-events";
import type { TrellisClient } from "./client.ts";
import type { RouterInputs } from "./router.ts";

export type TurnStreamInput = RouterInputs["chat"]["stream"];

export async function* turnEvents(
  client: TrellisClient,
  input: TurnStreamInput,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<TurnStreamEvent, void, undefined> {
  const queue: TurnStreamEvent[] = [];
  // Written by the callbacks below, read by the loop.
  const status: { failed: boolean; error: unknown; ended: boolean } = {
    failed: false,
    error: null,
    ended: false,
  };
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const subscription = client.chat.stream.subscribe(input, {
    onData: ({ data }) => {
      queue.push(data);
      notify();
    },
    onError: (error) => {
      status.failed = true;
      status.error = error;
      notify();
    },
    onComplete: () => {
      status.ended = true;
      notify();
    },
  });
  const onAbort = () => notify();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const event = queue.shift();
      if (event !== undefined) {
        yield event;
        if (isTerminalTurnEvent(event)) return;
        continue;
      }
      if (status.failed) throw status.error;
      if (status.ended || options.signal?.aborted) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    subscription.unsubscribe();
  }
}
