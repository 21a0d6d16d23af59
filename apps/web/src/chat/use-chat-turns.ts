// The chat's turns wired to the page: a finished turn goes into the cached history with the
// actions it caused (the events carry no message id), a stopped one leaves its stored user
// message there, the state is refetched only when a turn changed it, and the other tabs hear of
// each turn (and this tab follows theirs).
import type { TurnResult } from "@trellis/sdk";
import { useRef, useState } from "react";
import type { MessageAction } from "./messages.tsx";
import { useOtherTabs } from "./other-tabs.ts";
import { type CoachTurn, useCoachTurn } from "./use-coach-turn.ts";
import type { History } from "./use-history.ts";

export function useChatTurns({
  testScenarioId,
  promptVersion,
  conversationId,
  history,
  refreshState,
}: {
  testScenarioId: string | undefined;
  promptVersion: number | undefined;
  /** Which conversation: the tabs of the same one hear each other. */
  conversationId: string;
  history: History;
  refreshState(): Promise<void>;
}): {
  turn: CoachTurn;
  /** The actions of turns finished on this page, by their coach message. */
  turnActions: ReadonlyMap<string, MessageAction[]>;
  /** Actions of this page's own turns: their events need no catching up. */
  ownActions: ReadonlySet<string>;
} {
  const [turnActions, setTurnActions] = useState<ReadonlyMap<string, MessageAction[]>>(new Map());
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
      setTurnActions((old) => new Map(old).set(result.coachMessage.id, messageActions(result)));
      // The state panel and confirmations change only through actions.
      if (result.actions.length > 0) void refreshState();
      tabs.announce({ type: "turn-ended" });
    },
    onStopped: (message, userMessageId) => {
      history.addUserMessage(userMessageId, message);
      tabs.announce({ type: "turn-ended" });
    },
  });

  for (const action of turn.view.actions) ownActions.current.add(action.actionId);

  return { turn, turnActions, ownActions: ownActions.current };
}

/** A finished turn's actions as its coach message shows them. */
function messageActions(result: TurnResult): MessageAction[] {
  return result.actions.map((outcome) => ({
    actionId: outcome.actionId ?? outcome.type,
    actionType: outcome.type,
    status: outcome.status,
    data: outcome.status === "completed" ? outcome.result : undefined,
  }));
}
