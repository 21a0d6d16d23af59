// The user's live action events (`events.subscribe`) and what the connection says: every event
// goes to the timeline; one that this page's own turn did not cause (another tab, another
// device, an answered confirmation) makes the conversation and the state catch up, once per
// burst. A server that shuts down ends the stream cleanly, after which tRPC's client does not
// reconnect by itself: the page subscribes again until the server is back.
import type { ActionEventMessage } from "@trellis/sdk";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { isUnauthorized, useTRPC } from "../api.tsx";
import { useAuth } from "../auth.tsx";
import { type Connection, useOnline } from "./connection-banner.tsx";

export function useLiveEvents(options: {
  testScenarioId?: string | undefined;
  /** A turn of this page is running (its events are its own). */
  busy: boolean;
  /** Whether this page's own turns caused the action. */
  isOwn(actionId: string): boolean;
  onEvent(event: ActionEventMessage): void;
  /** Fetch what changed elsewhere. */
  catchUp(): void;
}): Connection {
  const trpc = useTRPC();
  const { signOut } = useAuth();
  const online = useOnline();
  const latest = useRef(options);
  latest.current = options;

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleCatchUp = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (!latest.current.busy) latest.current.catchUp();
    }, 250);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const [connected, setConnected] = useState(false);
  const { testScenarioId } = options;
  const events = useSubscription(
    trpc.events.subscribe.subscriptionOptions(testScenarioId ? { testScenarioId } : undefined, {
      onStarted: () => {
        // (Re)connected: anything written while the stream was down is fetched once.
        if (connected) scheduleCatchUp();
        setConnected(true);
      },
      onData: ({ data }) => {
        latest.current.onEvent(data);
        if (!latest.current.busy && !latest.current.isOwn(data.actionId)) scheduleCatchUp();
      },
      onError: (error) => {
        if (isUnauthorized(error)) signOut("expired");
      },
    }),
  );
  const { status, reset: resubscribe } = events;
  useEffect(() => {
    if (!connected || (status !== "idle" && status !== "error")) return;
    const retry = setTimeout(resubscribe, 1_000);
    return () => clearTimeout(retry);
  }, [connected, status, resubscribe]);

  if (!online) return "offline";
  return connected && status !== "pending" ? "reconnecting" : "online";
}
