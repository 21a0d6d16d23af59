// The run history: newest first; pick two runs to see them side by side.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { useTRPC } from "../../api.tsx";
import { describeError } from "../../errors.ts";
import { dollars, pct } from "./format.ts";

export function Runs() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.admin.evals.runs.list.queryOptions());
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) =>
    setPicked((old) => (on ? [...old, id].slice(-2) : old.filter((x) => x !== id)));
  const rows = runs.data ?? [];
  // Older first: the comparison reads as "before → after".
  const [older, newer] = rows.filter((run) => picked.includes(run.id)).reverse();
  return (
    <section aria-labelledby="evals-title">
      <h1 id="evals-title">Eval runs</h1>
      <p>
        <small>
          Runs stored by <code>pnpm eval --store</code>. <Link href="/cases">Cases</Link>
        </small>
      </p>
      {runs.error && <p role="alert">{describeError(runs.error)}</p>}
      <p role="status">{runs.isPending ? "Loading…" : `${rows.length} runs`}</p>
      {older && newer && (
        <p>
          <Link href={`/compare/${older.id}/${newer.id}`}>Compare the two picked runs</Link>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Pick</th>
            <th scope="col">When</th>
            <th scope="col">Prompt</th>
            <th scope="col">Model</th>
            <th scope="col">Modes × trials</th>
            <th scope="col">Cases</th>
            <th scope="col">F1</th>
            <th scope="col">Pass</th>
            <th scope="col">Cost</th>
            <th scope="col">Gate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <tr key={run.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Pick run ${run.createdAt}`}
                  checked={picked.includes(run.id)}
                  onChange={(event) => toggle(run.id, event.currentTarget.checked)}
                />
              </td>
              <td>
                <Link href={`/runs/${run.id}`}>{new Date(run.createdAt).toLocaleString()}</Link>
              </td>
              <td>
                {run.promptVersion === null ? "active" : `v${run.promptVersion}`}
                {run.baselineVersion !== null && ` vs v${run.baselineVersion}`}
              </td>
              <td>{run.model}</td>
              <td>
                {run.modes.join("+")} × {run.trials}
              </td>
              <td>{run.cases}</td>
              <td>{pct(run.f1)}</td>
              <td>{pct(run.passRate)}</td>
              <td>{dollars(run.costUsd)}</td>
              <td>{run.gateFailures === 0 ? "passed" : `${run.gateFailures} failures`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
