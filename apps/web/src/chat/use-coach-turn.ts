// The one place a chat turn's state comes from: a TurnView, whatever the transport. Today a
// turn is `chat.send` (one request; the result arrives whole) with the live `events.subscribe`
// stream telling which actions have started meanwhile. When the SDK's `chat.stream` lands,
// only this hook changes: the components render the TurnView either way.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionEventMessage, errorData } from "@trellis/sdk";
import { useCallback, useReducer, useRef } from "react";
import { useTRPC } from "../api.tsx";
import { describeError } from "../errors.ts";
import { initialTurnView, isActionType, reduceTurnView, type TurnView } from "./turn-view.ts";

export interface CoachTurn {
  view: TurnView;
  /** The message of the turn in flight (or of the last one), until history shows it. */
  message: string | null;
  send(message: string): Promise<boolean>;
  /** Feed of the user's live action events (from the page's one subscription). */
  onActionEvent(event: ActionEventMessage): void;
  reset(): void;
}

export function useCoachTurn(options: { testScenarioId?: string; promptVersion?: number } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(
    (
      current: { view: TurnView; message: string | null },
      action:
        | { kind: "event"; event: Parameters<typeof reduceTurnView>[1] }
        | { kind: "message"; message: string | null }
        | { kind: "reset" },
    ) => {
      if (action.kind === "reset") return { view: initialTurnView, message: null };
      if (action.kind === "message") return { ...current, message: action.message };
      return { ...current, view: reduceTurnView(current.view, action.event) };
    },
    { view: initialTurnView, message: null },
  );
  const streaming = useRef(false);
  const chatSend = useMutation(trpc.chat.send.mutationOptions());

  const send = useCallback(
    async (message: string): Promise<boolean> => {
      // The turn id doubles as the idempotency key: a retry of this turn never runs it twice.
      const turnId = crypto.randomUUID();
      streaming.current = true;
      dispatch({ kind: "message", message });
      dispatch({ kind: "event", event: { type: "turn.started", turnId, userMessageId: "" } });
      let ok = true;
      try {
        const result = await chatSend.mutateAsync({
          message,
          idempotencyKey: turnId,
          ...(options.testScenarioId ? { testScenarioId: options.testScenarioId } : {}),
          ...(options.promptVersion ? { promptVersion: options.promptVersion } : {}),
        });
        dispatch({ kind: "event", event: { type: "turn.completed", result } });
      } catch (error) {
        ok = false;
        const kind = errorData(error)?.reason ?? "request_failed";
        dispatch({
          kind: "event",
          event: { type: "turn.failed", error: { kind, message: describeError(error) } },
        });
      } finally {
        streaming.current = false;
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.chat.history.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() }),
      ]);
      // The stored conversation now holds the turn: the view goes back to idle. A failed turn
      // stays, so its error is shown until the next message.
      if (ok) dispatch({ kind: "reset" });
      return ok;
    },
    [chatSend, queryClient, trpc, options.testScenarioId, options.promptVersion],
  );

  const onActionEvent = useCallback((event: ActionEventMessage) => {
    if (!streaming.current || event.kind !== "started" || !isActionType(event.actionType)) return;
    dispatch({
      kind: "event",
      event: { type: "action.started", actionId: event.actionId, actionType: event.actionType },
    });
  }, []);

  const reset = useCallback(() => dispatch({ kind: "reset" }), []);
  return {
    view: state.view,
    message: state.message,
    send,
    onActionEvent,
    reset,
  } satisfies CoachTurn;
}
