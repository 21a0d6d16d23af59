// The live action timeline as a list: each action with its icon, title, status and detail, and
// a button for earlier rows (the rows themselves: use-timeline.ts).
import { type Catalog, titleOf } from "../catalog.ts";
import { CatalogIcon } from "../icons.tsx";
import { actionDetail, STATUS_WORDS } from "./action-words.ts";
import type { Timeline } from "./use-timeline.ts";

export function TimelineList({ timeline, catalog }: { timeline: Timeline; catalog: Catalog }) {
  // A row resolved here before the log or an event named its type has nothing to show yet.
  const entries = timeline.entries.filter((entry) => entry.actionType !== "");
  return (
    <section aria-labelledby="timeline-title" className="timeline-section">
      <h2 id="timeline-title">What the coach did</h2>
      {entries.length === 0 ? (
        <p>
          <small>Nothing yet: the coach's actions appear here as they happen.</small>
        </p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => {
            const detail = actionDetail(entry);
            return (
              <li
                key={entry.actionId}
                data-action-id={entry.actionId}
                data-status={entry.status}
                data-type={entry.actionType}
              >
                <CatalogIcon name={catalog.get(entry.actionType)?.icon} />{" "}
                <strong>{titleOf(catalog, entry.actionType)}</strong>{" "}
                <mark className={`status status-${entry.status}`}>
                  {STATUS_WORDS[entry.status]}
                </mark>
                {detail && (
                  <>
                    <br />
                    <small>{detail}</small>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {timeline.hasEarlier && (
        <button
          type="button"
          className="secondary outline"
          aria-busy={timeline.loadingEarlier}
          onClick={timeline.loadEarlier}
        >
          Show earlier actions
        </button>
      )}
    </section>
  );
}
