// Tabs of one browser on one conversation hear of each other's turns (BroadcastChannel): a
// tab shows a turn another tab started as it streams (it follows the turn by its id), so
// messages and replies appear everywhere, in pairs. Other devices notice through the action
// events and a refetch when the tab comes back into view.
import { useEffect, useRef } from "react";

type TabMessage =
  | { type: "turn-started"; turnId: string; message: string }
  | { type: "turn-ended" };

function isTabMessage(value: unknown): value is TabMessage {
  if (typeof value !== "object" || value === null || !("type" in value)) return false;
  if (value.type === "turn-ended") return true;
  return (
    value.type === "turn-started" &&
    "turnId" in value &&
    typeof value.turnId === "string" &&
    "message" in value &&
    typeof value.message === "string"
  );
}

export interface OtherTabs {
  announce(message: TabMessage): void;
}

export function useOtherTabs(
  conversation: string,
  handlers: { onTurnStarted(turnId: string, message: string): void; onTurnEnded(): void },
): OtherTabs {
  const channel = useRef<BroadcastChannel | null>(null);
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const opened = new BroadcastChannel(`trellis.chat.${conversation}`);
    opened.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (!isTabMessage(data)) return;
      if (data.type === "turn-started") latest.current.onTurnStarted(data.turnId, data.message);
      else latest.current.onTurnEnded();
    };
    channel.current = opened;
    return () => {
      opened.close();
      channel.current = null;
    };
  }, [conversation]);
  return { announce: (message) => channel.current?.postMessage(message) };
}
