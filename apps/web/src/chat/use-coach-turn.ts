// The one place a chat turn's state comes from: the SDK's TurnView, folded by its reducer from
// the turn's stream (`chat.stream`: the coach's words as they come, each action's outcome,
// re-ask resets, the end). tRPC's client resumes a dropped stream from the last event id, so a
// reconnect is invisible. `stop()` cancels the turn while the model is still answering.
import { useQueryClient } from "@tanstack/react-query";
import {
  errorData,
  initialTurnView,
  reduceTurnView,
  type TurnStreamEvent,
  type TurnView,
  turnEvents,
} from "@trellis/sdk";
import { useCallback, useReducer, useRef } from "react";
import { isUnauthorized, useTRPC, useTRPCClient } from "../api.tsx";
import { describeError, describeReason } from "../errors.ts";
import { useSession } from "../session.tsx";

export interface CoachTurn {
  view: TurnView;
  /** The message of the turn in flight (or of the last one), until history shows it. */
  message: string | null;
  /** From sending until the turn is stored (or failed): one turn at a time. */
  busy: boolean;
  /** Sends a message; false when the turn failed (the caller keeps the text). */
  send(message: string): Promise<boolean>;
  stop(): Promise<void>;
}

type Step =
  | { kind: "event"; event: TurnStreamEvent }
  | { kind: "sending"; message: string }
  | { kind: "settled"; ok: boolean };

interface State {
  view: TurnView;
  message: string | null;
  busy: boolean;
}

const initialState: State = { view: initialTurnView, message: null, busy: false };

function step(state: State, action: Step): State {
  switch (action.kind) {
    case "sending":
      return { view: initialTurnView, message: action.message, busy: true };
    case "event":
      return { ...state, view: reduceTurnView(state.view, action.event) };
    case "settled":
      // A stored turn is in the conversation now: back to idle. A failed or stopped turn
      // stays, so what happened is shown until the next message.
      return action.ok ? initialState : { ...state, busy: false };
  }
}

/** A failed turn in words: its kind where we have a sentence for it, else the server's. */
function failure(event: Extract<TurnStreamEvent, { type: "turn.failed" }>): TurnStreamEvent {
  const message = describeReason(event.error.kind) ?? event.error.message;
  return { type: "turn.failed", error: { kind: event.error.kind, message } };
}

export function useCoachTurn(
  options: { testScenarioId?: string | undefined; promptVersion?: number | undefined } = {},
): CoachTurn {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { signOut } = useSession();
  const [state, dispatch] = useReducer(step, initialState);
  const turnId = useRef<string | null>(null);
  const { testScenarioId, promptVersion } = options;

  const send = useCallback(
    async (message: string): Promise<boolean> => {
      dispatch({ kind: "sending", message });
      let ok = true;
      try {
        const events = turnEvents(client, {
          message,
          // A retry of this turn (tRPC's reconnect) never runs it twice.
          idempotencyKey: crypto.randomUUID(),
          ...(testScenarioId ? { testScenarioId } : {}),
          ...(promptVersion !== undefined ? { promptVersion } : {}),
        });
        for await (const event of events) {
          if (event.type === "turn.started") turnId.current = event.turnId;
          if (event.type === "turn.failed") ok = false;
          dispatch({ kind: "event", event: event.type === "turn.failed" ? failure(event) : event });
        }
      } catch (error) {
        ok = false;
        if (isUnauthorized(error)) signOut("expired");
        const kind = errorData(error)?.reason ?? "internal";
        dispatch({
          kind: "event",
          event: { type: "turn.failed", error: { kind, message: describeError(error) } },
        });
      } finally {
        turnId.current = null;
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.chat.history.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() }),
      ]);
      dispatch({ kind: "settled", ok });
      return ok;
    },
    [client, queryClient, trpc, signOut, testScenarioId, promptVersion],
  );

  const stop = useCallback(async () => {
    const id = turnId.current;
    if (id)
      await client.chat.stop.mutate({ turnId: id, ...(testScenarioId ? { testScenarioId } : {}) });
  }, [client, testScenarioId]);

  return { ...state, send, stop };
}
