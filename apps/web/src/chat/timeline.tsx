// The live action timeline: every action of the user, newest first, with its status as it
// changes (started → completed | failed | waiting for confirmation | rejected). Seeded from the
// audit log, then fed by the `events.subscribe` stream.
import type { ActionEventMessage, ActionLogEntryDto } from "@trellis/sdk";
import { type Catalog, iconOf, titleOf } from "../catalog.ts";

type TimelineStatus = ActionEventMessage["kind"] | "approved";

export interface TimelineEntry {
  actionId: string;
  actionType: string;
  status: TimelineStatus;
  summary: string | null;
  at: Date;
}

const STATUS_WORDS: Record<TimelineStatus, string> = {
  started: "running",
  completed: "done",
  failed: "failed",
  pending_confirmation: "waiting for you",
  rejected: "rejected",
  approved: "approved",
};

export function entryOfLog(row: ActionLogEntryDto): TimelineEntry {
  return {
    actionId: row.id,
    actionType: row.type,
    status: row.status,
    summary: row.error?.message ?? row.resultSummary,
    at: row.createdAt,
  };
}

export function entryOfEvent(event: ActionEventMessage): TimelineEntry {
  return {
    actionId: event.actionId,
    actionType: event.actionType,
    status: event.kind,
    summary: event.summary,
    at: new Date(event.createdAt),
  };
}

/** The entry replaces the action's earlier one and goes to the top; the list stays bounded. */
export function addEntry(entries: readonly TimelineEntry[], entry: TimelineEntry, max = 100) {
  return [entry, ...entries.filter((old) => old.actionId !== entry.actionId)].slice(0, max);
}

export function Timeline({
  entries,
  catalog,
}: {
  entries: readonly TimelineEntry[];
  catalog: Catalog;
}) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Actions</h2>
      {entries.length === 0 ? (
        <p>
          <small>Nothing yet: the coach's actions appear here as they run.</small>
        </p>
      ) : (
        <ol className="timeline" aria-live="polite">
          {entries.map((entry) => (
            <li key={entry.actionId} data-status={entry.status} data-type={entry.actionType}>
              <span aria-hidden="true">{iconOf(catalog, entry.actionType)}</span>{" "}
              <strong>{titleOf(catalog, entry.actionType)}</strong>{" "}
              <mark className={`status status-${entry.status}`}>{STATUS_WORDS[entry.status]}</mark>
              {entry.summary && (
                <>
                  <br />
                  <small>{entry.summary}</small>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
