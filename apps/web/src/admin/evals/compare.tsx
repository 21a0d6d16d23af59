// Two runs side by side: each rate per phase and per action type, and the change.
import { useQuery } from "@tanstack/react-query";
import type { EvalGroup } from "@trellis/sdk";
import { Link } from "wouter";
import { useTRPC } from "../../api.tsx";
import { describeError } from "../../errors.ts";
import { pct, RATES, signed } from "./format.ts";

export function Compare({ a, b }: { a: string; b: string }) {
  const trpc = useTRPC();
  const left = useQuery(trpc.admin.evals.runs.get.queryOptions({ id: a }));
  const right = useQuery(trpc.admin.evals.runs.get.queryOptions({ id: b }));
  const error = left.error ?? right.error;
  if (error) return <p role="alert">{describeError(error)}</p>;
  if (!left.data || !right.data) return <p role="status">Loading…</p>;
  const name = (run: typeof left.data) =>
    `${run.promptVersion === null ? "active prompts" : `v${run.promptVersion}`} (${new Date(run.createdAt).toLocaleString()})`;
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">
        {name(left.data)} vs {name(right.data)}
      </h1>
      <p>
        <Link href="/">All runs</Link>
      </p>
      <Side caption="Per phase" a={left.data.summary.phases} b={right.data.summary.phases} />
      <Side
        caption="Per action type"
        a={left.data.summary.actions}
        b={right.data.summary.actions}
      />
    </section>
  );
}

function Side({
  caption,
  a,
  b,
}: {
  caption: string;
  a: Record<string, EvalGroup>;
  b: Record<string, EvalGroup>;
}) {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return (
    <table>
      <caption>{caption} (first run → second run)</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          {RATES.map((m) => (
            <th scope="col" key={m.key} title={m.about}>
              {m.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            {RATES.map((m) => {
              const before = a[name]?.metrics[m.key].mean;
              const after = b[name]?.metrics[m.key].mean;
              if (before === undefined || after === undefined)
                return <td key={m.key}>{before === undefined ? "new" : "gone"}</td>;
              return (
                <td key={m.key}>
                  {pct(before)} → {pct(after)}
                  {Math.abs(after - before) > 1e-9 && <strong> {signed(after - before)}</strong>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
