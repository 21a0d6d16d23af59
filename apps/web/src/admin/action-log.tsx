// The action log: every attempted action of a user (you, or a test scenario's user), filtered
// by type, status, invoker and time, newest first, a page at a time; each row opens its
// params, result, error and duration. The filters live in the URL (`?status=failed&…`): a
// filtered log can be linked, reloaded, and is there again after Back.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ActionLogEntryDto, ActionStatus, Invoker, RouterInputs } from "@trellis/sdk";
import { useId } from "react";
import { useSearchParams } from "wouter";
import { useTRPC } from "../api.tsx";
import { useCatalog } from "../catalog.ts";
import { describeOperatorError } from "./operator-errors.ts";
import { label } from "../phases.ts";

type LogInput = Extract<RouterInputs["actions"]["log"], object>;

const STATUSES = [
  "started",
  "completed",
  "failed",
  "pending_confirmation",
  "approved",
  "rejected",
] as const satisfies readonly ActionStatus[];
const INVOKERS = ["coach", "user", "system"] as const satisfies readonly Invoker[];

export interface LogFilters {
  testScenarioId: string;
  type: string;
  status: string;
  invoker: string;
  from: string;
  to: string;
}

/** The filters the URL's query holds (an absent one is empty: no filter). */
function filtersOf(params: URLSearchParams): LogFilters {
  const get = (key: keyof LogFilters) => params.get(key) ?? "";
  return {
    testScenarioId: get("testScenarioId"),
    type: get("type"),
    status: get("status"),
    invoker: get("invoker"),
    from: get("from"),
    to: get("to"),
  };
}

/** The form's filters as the procedure's input; empty fields are no filter. */
export function logInput(filters: LogFilters): Omit<LogInput, "cursor"> {
  const status = STATUSES.find((s) => s === filters.status);
  const invoker = INVOKERS.find((i) => i === filters.invoker);
  return {
    limit: 25,
    ...(filters.testScenarioId ? { testScenarioId: filters.testScenarioId } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(status ? { status } : {}),
    ...(invoker ? { invoker } : {}),
    ...(filters.from ? { from: new Date(filters.from) } : {}),
    ...(filters.to ? { to: new Date(filters.to) } : {}),
  };
}

export function ActionLog() {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const scenarios = useQuery(trpc.admin.scenarios.list.queryOptions());
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const ids = {
    who: useId(),
    type: useId(),
    status: useId(),
    invoker: useId(),
    from: useId(),
    to: useId(),
  };
  // Replaced, not pushed: Back leaves the log rather than stepping through its filters.
  const set = (key: keyof LogFilters) => (event: { target: { value: string } }) =>
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        if (event.target.value) next.set(key, event.target.value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const log = useInfiniteQuery(
    trpc.actions.log.infiniteQueryOptions(logInput(filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title">Action log</h1>
      <form aria-label="Filter the log" onSubmit={(event) => event.preventDefault()}>
        <div className="grid">
          <label htmlFor={ids.who}>
            User
            <select id={ids.who} value={filters.testScenarioId} onChange={set("testScenarioId")}>
              <option value="">Me</option>
              {(scenarios.data ?? [])
                .filter((s) => s.userId !== null)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    Scenario “{s.name}”
                  </option>
                ))}
            </select>
          </label>
          <label htmlFor={ids.type}>
            Type
            <select id={ids.type} value={filters.type} onChange={set("type")}>
              <option value="">Any</option>
              {[...catalog.values()].map((entry) => (
                <option key={entry.type} value={entry.type}>
                  {entry.title}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.status}>
            Status
            <select id={ids.status} value={filters.status} onChange={set("status")}>
              <option value="">Any</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {label(status)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.invoker}>
            Invoker
            <select id={ids.invoker} value={filters.invoker} onChange={set("invoker")}>
              <option value="">Any</option>
              {INVOKERS.map((invoker) => (
                <option key={invoker} value={invoker}>
                  {label(invoker)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="grid">
          <label htmlFor={ids.from}>
            From
            <input
              id={ids.from}
              type="datetime-local"
              value={filters.from}
              onChange={set("from")}
            />
          </label>
          <label htmlFor={ids.to}>
            Until
            <input id={ids.to} type="datetime-local" value={filters.to} onChange={set("to")} />
          </label>
        </div>
      </form>
      {log.isError && <p role="alert">{describeOperatorError(log.error)}</p>}
      <p role="status">
        {log.isPending ? "Loading…" : `${rows.length}${log.hasNextPage ? "+" : ""} actions`}
      </p>
      <ol className="log" aria-label="Actions">
        {rows.map((row) => (
          <LogRow key={row.id} row={row} title={catalog.get(row.type)?.title ?? row.type} />
        ))}
      </ol>
      {log.hasNextPage && (
        <button
          type="button"
          className="secondary"
          aria-busy={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          Load more
        </button>
      )}
    </section>
  );
}

function LogRow({ row, title }: { row: ActionLogEntryDto; title: string }) {
  return (
    <li data-type={row.type} data-status={row.status} data-invoker={row.invoker}>
      <details>
        <summary>
          <strong>{title}</strong>{" "}
          <mark className={`status status-${row.status}`}>{row.status}</mark>{" "}
          <small>
            by {row.invoker}, {row.createdAt.toLocaleString()}
            {row.durationMs !== null && `, ${row.durationMs} ms`}
          </small>
        </summary>
        <dl>
          <dt>Params</dt>
          <dd>
            <pre>{JSON.stringify(row.params, null, 2)}</pre>
          </dd>
          {row.resultSummary && (
            <>
              <dt>Result</dt>
              <dd>
                {row.resultSummary}
                <pre>{JSON.stringify(row.result, null, 2)}</pre>
              </dd>
            </>
          )}
          {row.error && (
            <>
              <dt>Error</dt>
              <dd>
                <pre>{JSON.stringify(row.error, null, 2)}</pre>
              </dd>
            </>
          )}
        </dl>
      </details>
    </li>
  );
}
