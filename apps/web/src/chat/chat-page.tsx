// The coaching app: the conversation with its quick replies and confirmations, the composer,
// and beside them the state panel and the live action timeline. The same page lets an
// operator chat as a test scenario's user (`testScenarioId`, optionally a pinned prompt).
import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useId, useState } from "react";
import { isUnauthorized, useTRPC } from "../api.tsx";
import { useCatalog } from "../catalog.ts";
import { describeError } from "../errors.ts";
import { useSession } from "../session.tsx";
import { Confirmations } from "./confirmations.tsx";
import { Messages } from "./messages.tsx";
import { StatePanel } from "./state-panel.tsx";
import { addEntry, entryOfEvent, entryOfLog, Timeline, type TimelineEntry } from "./timeline.tsx";
import { useCoachTurn } from "./use-coach-turn.ts";

export function ChatPage({
  testScenarioId,
  promptVersion,
}: {
  testScenarioId?: string | undefined;
  promptVersion?: number | undefined;
}) {
  const trpc = useTRPC();
  const { signOut } = useSession();
  const scenario = testScenarioId ? { testScenarioId } : {};
  const catalog = useCatalog();
  const history = useQuery(trpc.chat.history.queryOptions({ limit: 100, ...scenario }));
  const state = useQuery(trpc.state.get.queryOptions(scenario));
  const log = useQuery(trpc.actions.log.queryOptions({ limit: 30, ...scenario }));
  const turn = useCoachTurn({
    ...scenario,
    ...(promptVersion !== undefined ? { promptVersion } : {}),
  });
  const [timeline, setTimeline] = useState<readonly TimelineEntry[]>([]);
  const [seeded, setSeeded] = useState(false);

  useEffect(() => {
    if (log.data && !seeded) {
      setSeeded(true);
      setTimeline((live) => {
        // Live events that arrived before the log win: they are newer.
        const seen = new Set(live.map((entry) => entry.actionId));
        return [...live, ...log.data.items.filter((row) => !seen.has(row.id)).map(entryOfLog)];
      });
    }
  }, [log.data, seeded]);

  // One subscription per page; after a dropped connection tRPC's client reconnects with the
  // last event id, and the server replays what was missed.
  const events = useSubscription(
    trpc.events.subscribe.subscriptionOptions(testScenarioId ? { testScenarioId } : undefined, {
      onData: ({ data }) => {
        setTimeline((entries) => addEntry(entries, entryOfEvent(data)));
      },
      onError: (error) => {
        if (isUnauthorized(error)) signOut("expired");
      },
    }),
  );

  const messages = [...(history.data?.items ?? [])].reverse();
  const last = messages.at(-1);
  const busy = turn.busy;
  const quickReplies = !busy && last?.role === "coach" ? (last.component?.quickReplies ?? []) : [];

  return (
    <div className="chat-layout">
      <section
        className="chat"
        aria-label="Chat with your coach"
        data-turn={busy ? "busy" : turn.view.status}
      >
        {history.isPending ? (
          <p aria-busy="true">Loading the conversation…</p>
        ) : history.isError ? (
          <p role="alert">{describeError(history.error)}</p>
        ) : (
          <Messages history={messages} view={turn.view} message={turn.message} busy={busy} />
        )}
        {turn.view.status === "stopped" && (
          <p role="status" data-testid="turn-stopped">
            You stopped the reply; nothing was applied.
          </p>
        )}
        {turn.view.status === "failed" && turn.view.error && (
          <p role="alert" className="error" data-testid="turn-error">
            {turn.view.error.message}
          </p>
        )}
        {quickReplies.length > 0 && (
          <fieldset className="quick-replies" aria-label="Quick replies">
            {quickReplies.map((reply) => (
              <button
                key={reply}
                type="button"
                className="outline"
                onClick={() => void turn.send(reply)}
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
          />
        )}
        <Composer busy={busy} onSend={turn.send} onStop={turn.stop} />
        {events.status === "connecting" && seeded && (
          <p>
            <small aria-live="polite">Reconnecting to live updates…</small>
          </p>
        )}
      </section>
      <aside className="side">
        {state.data ? (
          <StatePanel state={state.data} />
        ) : state.isError ? (
          <p role="alert">{describeError(state.error)}</p>
        ) : (
          <p aria-busy="true">Loading your progress…</p>
        )}
        <Timeline entries={timeline} catalog={catalog} />
      </aside>
    </div>
  );
}

/** The message box: Enter sends; a failed send puts the text back so nothing is lost. */
function Composer({
  busy,
  onSend,
  onStop,
}: {
  busy: boolean;
  onSend(message: string): Promise<boolean>;
  onStop(): Promise<void>;
}) {
  const [text, setText] = useState("");
  const id = useId();
  return (
    <form
      className="composer"
      onSubmit={async (event) => {
        event.preventDefault();
        const message = text.trim();
        if (!message || busy) return;
        setText("");
        const ok = await onSend(message);
        if (!ok) setText((current) => current || message);
      }}
    >
      {/* biome-ignore lint/a11y/noRedundantRoles: Pico CSS joins an input and its button in a [role=group] */}
      <fieldset role="group">
        <label htmlFor={id} className="visually-hidden">
          Your message
        </label>
        <input
          id={id}
          name="message"
          placeholder="Write to your coach…"
          autoComplete="off"
          value={text}
          maxLength={4000}
          onChange={(event) => setText(event.target.value)}
        />
        {busy ? (
          <button type="button" className="secondary" onClick={() => void onStop()}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={text.trim() === ""}>
            Send
          </button>
        )}
      </fieldset>
    </form>
  );
}
