// The coaching app: one scrolling conversation (messages with the actions they caused, quick
// replies, confirmations) above a pinned message box; beside it on wide screens, or folded
// above it on phones, the progress panel and the action timeline. The same page lets an
// operator chat as a test scenario's user (`testScenarioId`, optionally a pinned prompt).
import { type UseQueryResult, useQuery, useQueryClient } from "@tanstack/react-query";
import { phaseTitle, type StateDto } from "@trellis/sdk";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTRPC } from "../api.tsx";
import { useCatalog } from "../catalog.ts";
import { describeError } from "../errors.ts";
import { useUserId } from "../known-user.ts";
import { Composer } from "./composer.tsx";
import { ConnectionBanner } from "./connection-banner.tsx";
import { Conversation } from "./conversation.tsx";
import { Greeting } from "./greeting.tsx";
import { Confirmations, loadChatParts, Messages, TimelineList } from "./lazy-parts.tsx";
import type { MessageAction } from "./messages.tsx";
import { QuickReplies } from "./quick-replies.tsx";
import { SidePanel } from "./side-panel.tsx";
import { StatePanel } from "./state-panel.tsx";
import { useChatTurns } from "./use-chat-turns.ts";
import { useHistory } from "./use-history.ts";
import { useLiveEvents } from "./use-live-events.ts";
import { useTimeline } from "./use-timeline.ts";
import { PageTitle } from "../page-title.tsx";

export function ChatPage({
  testScenarioId,
  promptVersion,
}: {
  testScenarioId?: string | undefined;
  promptVersion?: number | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scenario = useMemo(() => (testScenarioId ? { testScenarioId } : {}), [testScenarioId]);
  const catalog = useCatalog();
  const me = useQuery({ ...trpc.account.me.queryOptions(), staleTime: Infinity });
  const history = useHistory(scenario);
  const state = useQuery(trpc.state.get.queryOptions(scenario));
  const timeline = useTimeline(scenario);
  const [restore, setRestore] = useState<{ text: string; at: number } | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  // The message box does not wait for `account.me`: on a reload the user is known already.
  const userId = useUserId(me.data?.id);
  useEffect(() => void loadChatParts(), []);
  const conversationId = `${userId ?? "me"}.${testScenarioId ?? "own"}`;
  const refreshState = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() }),
    [queryClient, trpc],
  );
  const { turn, turnActions, ownActions } = useChatTurns({
    testScenarioId,
    promptVersion,
    conversationId,
    history,
    refreshState,
  });
  const connection = useLiveEvents({
    testScenarioId,
    busy: turn.busy,
    isOwn: (actionId) => ownActions.has(actionId),
    onEvent: timeline.add,
    catchUp: () => {
      history.refresh();
      void refreshState();
    },
  });

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
      <PageTitle>{phase ? `${phaseTitle(phase)} · Trellis coach` : "Trellis coach"}</PageTitle>
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
          {history.status !== "success" ? (
            <Loading what="the conversation" error={history.error} />
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
          <QuickReplies
            label="Quick replies"
            replies={quickReplies}
            onPick={(reply) => void send(reply)}
          />
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
        <Composer
          draftKey={userId ? `trellis.draft.${conversationId}` : null}
          busy={turn.busy}
          stopping={turn.stopping}
          restore={restore}
          onSend={(message) => void send(message)}
          onStop={turn.stop}
        />
      </section>
      <SidePanel summary={phase ? `Your progress: ${phaseTitle(phase)}` : "Your progress"}>
        <Progress state={state} />
        <TimelineList timeline={timeline} catalog={catalog} />
      </SidePanel>
    </div>
  );
}

/** Where the progress panel goes: the panel, or why it is not there yet. */
function Progress({ state }: { state: UseQueryResult<StateDto, unknown> }) {
  if (state.data) return <StatePanel state={state.data} />;
  return <Loading what="your progress" error={state.error} />;
}

function Loading({ what, error }: { what: string; error: unknown }) {
  return error ? (
    <p role="alert">{describeError(error)}</p>
  ) : (
    <p aria-busy="true">Loading {what}…</p>
  );
}
