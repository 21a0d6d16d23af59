// Offline models stream too, so that `pnpm start` and `pnpm demo` show a reply word by word:
// the text goes out in pieces that each end after a space, one every `paceMs`.
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

export async function streamInPieces(
  text: string,
  onText: (chunk: string) => void,
  paceMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const piece of text.split(/(?<= )/)) {
    signal?.throwIfAborted();
    onText(piece);
    // Without a pace, still one event-loop turn per piece: the pieces reach clients apart.
    if (paceMs > 0) await sleep(paceMs, undefined, signal ? { signal } : {});
    else await nextTurn();
  }
  signal?.throwIfAborted();
}
