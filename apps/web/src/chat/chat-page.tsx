// The coaching app: one scrolling conversation (messages with the actions they caused, quick
// replies, confirmations) above a pinned message box; beside it on wide screens, or folded
// above it on phones, the progress panel and the action timeline. The same page lets an
// operator chat as a test scenario's user (`testScenarioId`, optionally a pinned prompt).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { phaseTitle } from "@trellis/sdk";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isUnauthorized, useTRPC } from "../api.tsx";
import { useCatalog } from "../catalog.ts";
import { describeError } from "../errors.ts";
import { useSession } from "../session.tsx";
import { Composer } from "./composer.tsx";
import { ConnectionBanner, type Connection, useOnline } from "./connection-banner.tsx";
import { Confirmations } from "./confirmations.tsx";
import { Conversation } from "./conversation.tsx";
import { Greeting } from "./greeting.tsx";
import { type MessageAction, Messages } from "./messages.tsx";
import { useOtherTabs } from "./other-tabs.ts";
import { SidePanel } from "./side-panel.tsx";
import { StatePanel } from "./state-panel.tsx";
import { TimelineList, useTimeline } from "./timeline.tsx";
import { useCoachTurn } from "./use-coach-turn.ts";
import { useHistory } from "./use-history.ts";

export function ChatPage({
  testScenarioId,
  promptVersion,
}: {
  testScenarioId?: string | undefined;
  promptVersion?: number | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { signOut } = useSession();
  const scenario = useMemo(() => (testScenarioId ? { testScenarioId } : {}), [testScenarioId]);
  const catalog = useCatalog();
  const me = useQuery({ ...trpc.account.me.queryOptions(), staleTime: Infinity });
  const history = useHistory(scenario);
  const state = useQuery(trpc.state.get.queryOptions(scenario));
  const timeline = useTimeline(scenario);
  const online = useOnline();
  /** The actions of turns finished on this page, by their coach message (events carry none). */
  const [turnActions, setTurnActions] = useState<ReadonlyMap<string, MessageAction[]>>(new Map());
  const [restore, setRestore] = useState<{ text: string; at: number } | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  const conversationId = `${me.data?.id ?? "me"}.${testScenarioId ?? "own"}`;

  const refreshState = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() }),
    [queryClient, trpc],
  );
  /** Actions of this page's own turns: their events need no catching up. */
  const ownActions = useRef(new Set<string>());
  const tabs = useOtherTabs(conversationId, {
    onTurnStarted: (turnId, message) => void turn.follow(turnId, message),
    onTurnEnded: () => {
      history.refresh();
      void refreshState();
    },
  });
  const turn = useCoachTurn({
    testScenarioId,
    promptVersion,
    onStarted: (turnId, message) => tabs.announce({ type: "turn-started", turnId, message }),
    onCompleted: (message, result) => {
      for (const outcome of result.actions) {
        if (outcome.actionId) ownActions.current.add(outcome.actionId);
      }
      history.addTurn(message, result);
      setTurnActions((old) =>
        new Map(old).set(
          result.coachMessage.id,
          result.actions.map((outcome) => ({
            actionId: outcome.actionId ?? outcome.type,
            actionType: outcome.type,
            status: outcome.status,
            data: outcome.status === "completed" ? outcome.result : undefined,
          })),
        ),
      );
      // The state panel and confirmations change only through actions.
      if (result.actions.length > 0) void refreshState();
      tabs.announce({ type: "turn-ended" });
    },
    onStopped: (message, userMessageId) => {
      history.addUserMessage(userMessageId, message);
      tabs.announce({ type: "turn-ended" });
    },
  });

  // Events of this page's own turns are already shown; any other means another tab, device or
  // an answered confirmation changed things: catch up once (coalesced).
  const busy = useRef(false);
  busy.current = turn.busy;
  for (const action of turn.view.actions) ownActions.current.add(action.actionId);
  const catchUp = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleCatchUp = useCallback(() => {
    if (catchUp.current) return;
    catchUp.current = setTimeout(() => {
      catchUp.current = null;
      if (busy.current) return;
      history.refresh();
      void refreshState();
    }, 250);
  }, [history.refresh, refreshState]);
  useEffect(
    () => () => {
      if (catchUp.current) clearTimeout(catchUp.current);
    },
    [],
  );

  const [connected, setConnected] = useState(false);
  const events = useSubscription(
    trpc.events.subscribe.subscriptionOptions(testScenarioId ? { testScenarioId } : undefined, {
      onStarted: () => {
        // (Re)connected: anything written while the stream was down is fetched once.
        if (connected) scheduleCatchUp();
        setConnected(true);
      },
      onData: ({ data }) => {
        timeline.add(data);
        if (!busy.current && !ownActions.current.has(data.actionId)) scheduleCatchUp();
      },
      onError: (error) => {
        if (isUnauthorized(error)) signOut("expired");
      },
    }),
  );
  // A server that shuts down ends the stream cleanly ("idle"), and tRPC's client does not
  // reconnect after an end: subscribe again, every few seconds, until it is back.
  const { status: eventsStatus, reset: resubscribe } = events;
  useEffect(() => {
    if (!connected || (eventsStatus !== "idle" && eventsStatus !== "error")) return;
    const timer = setTimeout(resubscribe, 1_000);
    return () => clearTimeout(timer);
  }, [connected, eventsStatus, resubscribe]);
  const connection: Connection = !online
    ? "offline"
    : connected && eventsStatus !== "pending"
      ? "reconnecting"
      : "online";

  const actionsOf = useCallback(
    (messageId: string): readonly MessageAction[] =>
      turnActions.get(messageId) ??
      timeline.entries.filter((entry) => entry.chatMessageId === messageId),
    [turnActions, timeline.entries],
  );

  const send = useCallback(
    async (message: string) => {
      setSentAt(Date.now());
      const ok = await turn.send(message);
      if (!ok) setRestore({ text: message, at: Date.now() });
    },
    [turn.send],
  );

  const messages = history.messages;
  const last = messages.at(-1);
  const onScreen = turn.busy || turn.view.status === "stopped" || turn.view.status === "failed";
  const quickReplies =
    !onScreen && last?.role === "coach" ? (last.component?.quickReplies ?? []) : [];
  const phase = state.data?.state.phase;

  return (
    <div className="chat-layout">
      <title>{phase ? `${phaseTitle(phase)} · Trellis coach` : "Trellis coach"}</title>
      <section
        className="chat"
        aria-label="Chat with your coach"
        data-turn={turn.busy ? "busy" : turn.view.status}
      >
        <h1 className="visually-hidden">Chat with your coach</h1>
        <ConnectionBanner connection={connection} />
        <Conversation
          hasEarlier={history.hasEarlier}
          loadingEarlier={history.loadingEarlier}
          onLoadEarlier={history.loadEarlier}
          followKey={sentAt}
        >
          {history.status === "pending" ? (
            <p aria-busy="true">Loading the conversation…</p>
          ) : history.status === "error" ? (
            <p role="alert">{describeError(history.error)}</p>
          ) : messages.length === 0 && !onScreen ? (
            <Greeting name={state.data?.user.firstName} onStart={(text) => void send(text)} />
          ) : (
            <Messages
              history={messages}
              turn={turn}
              catalog={catalog}
              actionsOf={actionsOf}
              onRetry={() => {
                setSentAt(Date.now());
                void turn.retry();
              }}
            />
          )}
          {quickReplies.length > 0 && (
            <fieldset className="quick-replies" aria-label="Quick replies">
              {quickReplies.map((reply) => (
                <button
                  key={reply}
                  type="button"
                  className="outline"
                  dir="auto"
                  onClick={() => void send(reply)}
                >
                  {reply}
                </button>
              ))}
            </fieldset>
          )}
          {state.data && (
            <Confirmations
              pending={state.data.pending}
              identities={state.data.identities}
              catalog={catalog}
              testScenarioId={testScenarioId}
              onResolved={timeline.resolve}
            />
          )}
        </Conversation>
        {me.data && (
          <Composer
            draftKey={`trellis.draft.${conversationId}`}
            busy={turn.busy}
            stopping={turn.stopping}
            restore={restore}
            onSend={(message) => void send(message)}
            onStop={turn.stop}
          />
        )}
      </section>
      <SidePanel summary={phase ? `Your progress: ${phaseTitle(phase)}` : "Your progress"}>
        {state.data ? (
          <StatePanel state={state.data} />
        ) : state.isError ? (
          <p role="alert">{describeError(state.error)}</p>
        ) : (
          <p aria-busy="true">Loading your progress…</p>
        )}
        <TimelineList timeline={timeline} catalog={catalog} />
      </SidePanel>
    </div>
  );
}
