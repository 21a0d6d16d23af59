// The one place a chat turn's state comes from: the SDK's TurnView, folded by its reducer from
// the turn's stream (`chat.stream`: the coach's words as they come, each action's outcome,
// re-ask resets, the end). tRPC's client resumes a dropped stream from the last event id.
// A finished turn is written into the cached history; a stopped or failed one stays on screen
// (its words so far, marked) with a retry, until the next message.
import {
  errorData,
  initialTurnView,
  reduceTurnView,
  type TurnFailure,
  type TurnResult,
  type TurnStreamEvent,
  type TurnView,
  turnEvents,
} from "@trellis/sdk";
import { useCallback, useReducer, useRef } from "react";
import { isUnauthorized, useTRPCClient } from "../api.tsx";
import { useAuth } from "../auth.tsx";
import { describeError, describeReason } from "../errors.ts";

export interface CoachTurn {
  view: TurnView;
  /** The user's message of the turn on screen (in flight, stopped or failed). */
  message: string | null;
  /** The stored user message of that turn, once the server has it. */
  userMessageId: string | null;
  /** From sending until the turn ends: one turn at a time. */
  busy: boolean;
  /** Stop was pressed and has not reached the turn yet. */
  stopping: boolean;
  /** Sends a message; false when the turn failed. */
  send(message: string): Promise<boolean>;
  /** Sends the last message again (after a stop or a failure). */
  retry(): Promise<boolean>;
  /** Follows a turn another tab started (its words stream here too). */
  follow(turnId: string, message: string): Promise<void>;
  stop(): void;
}

type Step =
  | { kind: "sending"; message: string; key: string }
  | { kind: "started"; userMessageId: string }
  | { kind: "event"; event: TurnStreamEvent }
  | { kind: "stopping" }
  | { kind: "settled"; ok: boolean };

interface State {
  view: TurnView;
  message: string | null;
  userMessageId: string | null;
  key: string | null;
  busy: boolean;
  stopping: boolean;
}

const initialState: State = {
  view: initialTurnView,
  message: null,
  userMessageId: null,
  key: null,
  busy: false,
  stopping: false,
};

function step(state: State, action: Step): State {
  switch (action.kind) {
    case "sending":
      return { ...initialState, message: action.message, key: action.key, busy: true };
    case "started":
      return { ...state, userMessageId: action.userMessageId };
    case "event":
      return { ...state, view: reduceTurnView(state.view, action.event) };
    case "stopping":
      return { ...state, stopping: true };
    case "settled":
      // A completed turn is in the cached history now: back to idle. A failed or stopped turn
      // stays, so what happened is shown until the next message.
      return action.ok ? initialState : { ...state, busy: false, stopping: false };
  }
}

const LOST: TurnFailure = {
  kind: "interrupted",
  message: "The connection to the server was lost before the reply finished.",
};

/** A failed turn in words: its kind where we have a sentence for it, else the server's. */
function failure(event: Extract<TurnStreamEvent, { type: "turn.failed" }>): TurnStreamEvent {
  const message = describeReason(event.error.kind) ?? event.error.message;
  return { type: "turn.failed", error: { kind: event.error.kind, message } };
}

export interface TurnHooks {
  testScenarioId?: string | undefined;
  promptVersion?: number | undefined;
  /** A turn completed: its messages go into the history. */
  onCompleted(message: string, result: TurnResult): void;
  /** A turn stopped: its stored user message goes into the history. */
  onStopped(message: string, userMessageId: string): void;
  /** A turn began (to tell the other tabs). */
  onStarted?(turnId: string, message: string): void;
}

export function useCoachTurn(hooks: TurnHooks): CoachTurn {
  const client = useTRPCClient();
  const { signOut } = useAuth();
  const [state, dispatch] = useReducer(step, initialState);
  const turnId = useRef<string | null>(null);
  /** Stop pressed before the turn's id was known: sent as soon as it is. */
  const stopWanted = useRef(false);
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;
  const { testScenarioId, promptVersion } = hooks;

  const stopById = useCallback(
    (id: string) => {
      void client.chat.stop.mutate({ turnId: id, ...(testScenarioId ? { testScenarioId } : {}) });
    },
    [client, testScenarioId],
  );

  const run = useCallback(
    async (
      message: string,
      events: AsyncIterable<TurnStreamEvent>,
      announce: boolean,
    ): Promise<boolean> => {
      let ok = false;
      let ended = false;
      let userMessageId: string | null = null;
      try {
        for await (const event of events) {
          if (event.type === "turn.completed" || event.type === "turn.failed") ended = true;
          if (event.type === "turn.stopped") ended = true;
          if (event.type === "turn.started") {
            turnId.current = event.turnId;
            userMessageId = event.userMessageId;
            dispatch({ kind: "started", userMessageId });
            if (announce) hooksRef.current.onStarted?.(event.turnId, message);
            if (stopWanted.current) stopById(event.turnId);
          }
          if (event.type === "turn.completed") {
            ok = true;
            hooksRef.current.onCompleted(message, event.result);
          }
          if (event.type === "turn.stopped" && userMessageId) {
            hooksRef.current.onStopped(message, userMessageId);
          }
          dispatch({ kind: "event", event: event.type === "turn.failed" ? failure(event) : event });
        }
        if (!ended) {
          // The server closed the stream without an ending (it shut down): say so; Retry
          // continues the turn under its key.
          dispatch({ kind: "event", event: { type: "turn.failed", error: LOST } });
        }
      } catch (error) {
        if (isUnauthorized(error)) signOut("expired");
        const kind = errorData(error)?.reason ?? "internal";
        dispatch({
          kind: "event",
          event: { type: "turn.failed", error: { kind, message: describeError(error) } },
        });
      } finally {
        turnId.current = null;
        stopWanted.current = false;
      }
      dispatch({ kind: "settled", ok });
      return ok;
    },
    [signOut, stopById],
  );

  const start = useCallback(
    (message: string, key: string) => {
      dispatch({ kind: "sending", message, key });
      stopWanted.current = false;
      const events = turnEvents(client, {
        message,
        // A reconnect or a retry of this turn never runs it twice.
        idempotencyKey: key,
        ...(testScenarioId ? { testScenarioId } : {}),
        ...(promptVersion !== undefined ? { promptVersion } : {}),
      });
      return run(message, events, true);
    },
    [client, run, testScenarioId, promptVersion],
  );

  const send = useCallback((message: string) => start(message, crypto.randomUUID()), [start]);

  const retry = useCallback(async () => {
    if (state.message === null) return false;
    // A failed turn is retried under its key (the server continues it if it got that far);
    // a stopped one is finished, so the retry is a new turn.
    const key =
      state.view.status === "failed" && state.key !== null ? state.key : crypto.randomUUID();
    return start(state.message, key);
  }, [start, state.message, state.key, state.view.status]);

  const follow = useCallback(
    async (id: string, message: string) => {
      if (state.busy) return;
      dispatch({ kind: "sending", message, key: id });
      const input = { turnId: id, ...(testScenarioId ? { testScenarioId } : {}) };
      await run(message, turnEvents(client, input), false);
    },
    [client, run, state.busy, testScenarioId],
  );

  const stop = useCallback(() => {
    dispatch({ kind: "stopping" });
    const id = turnId.current;
    if (id) stopById(id);
    else stopWanted.current = true;
  }, [stopById]);

  return {
    view: state.view,
    message: state.message,
    userMessageId: state.userMessageId,
    busy: state.busy,
    stopping: state.stopping,
    send,
    retry,
    follow,
    stop,
  };
}
