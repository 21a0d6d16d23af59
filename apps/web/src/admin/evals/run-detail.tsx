// One run: its scores per phase and per action type (mean ± spread over trials), the gate's
// failures, the change against its baseline version, and every case's trials.
import { useQuery } from "@tanstack/react-query";
import type { EvalGroup, EvalRunDto } from "@trellis/sdk";
import { Link } from "wouter";
import { useTRPC } from "../../api.tsx";
import { describeError } from "../../errors.ts";
import { COUNTS, dollars, pct, RATES, signed } from "./format.ts";

export function RunDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.admin.evals.runs.get.queryOptions({ id }));
  if (run.error) return <p role="alert">{describeError(run.error)}</p>;
  if (!run.data) return <p role="status">Loading…</p>;
  const data = run.data;
  return (
    <section aria-labelledby="run-title">
      <h1 id="run-title">Eval run {new Date(data.createdAt).toLocaleString()}</h1>
      <p>
        <small>
          {data.model}, {data.modes.join(" + ")}, {data.trials} trial(s), prompt versions{" "}
          {Object.entries(data.promptVersions)
            .map(([phase, version]) => `${phase} v${version}`)
            .join(", ")}
          . <Link href="/">All runs</Link>
        </small>
      </p>
      <Gate run={data} />
      <GroupTable caption="Per phase" groups={data.summary.phases} />
      <GroupTable caption="Per action type" groups={data.summary.actions} />
      {data.comparison && <Changes run={data} />}
      <Trials run={data} />
    </section>
  );
}

function Gate({ run }: { run: EvalRunDto }) {
  if (run.gate.length === 0) return <p>Gate: passed.</p>;
  return (
    <>
      <h2>Gate failures</h2>
      <ul>
        {run.gate.map((failure) => (
          <li key={`${failure.scope}:${failure.name}:${failure.metric}:${failure.reason}`}>
            {failure.message}
          </li>
        ))}
      </ul>
    </>
  );
}

function GroupTable({ caption, groups }: { caption: string; groups: Record<string, EvalGroup> }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Cases</th>
          {[...RATES, ...COUNTS].map((m) => (
            <th scope="col" key={m.key} title={m.about}>
              {m.title}
            </th>
          ))}
          <th scope="col">Tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(groups).map(([name, group]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{group.cases.length}</td>
            {RATES.map((m) => (
              <td key={m.key}>
                {pct(group.metrics[m.key].mean)}
                {group.metrics[m.key].sd > 0 && ` ± ${pct(group.metrics[m.key].sd)}`}
              </td>
            ))}
            {COUNTS.map((m) => (
              <td key={m.key}>{group.metrics[m.key].mean.toFixed(1)}</td>
            ))}
            <td>{Math.round(group.metrics.tokens.mean)}</td>
            <td>{dollars(group.metrics.costUsd.mean)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Changes({ run }: { run: EvalRunDto }) {
  const comparison = run.comparison;
  if (!comparison) return null;
  const moved = comparison.changes.filter((c) => Math.abs(c.delta) > 1e-9);
  return (
    <>
      <h2>Against v{run.baselineVersion}</h2>
      <ul>
        {moved.map((c) => (
          <li key={`${c.scope}:${c.name}:${c.metric}`}>
            {c.scope} {c.name} {c.metric}: {pct(c.baseline)} → {pct(c.candidate)} ({signed(c.delta)}{" "}
            ± {pct(c.spread)})
          </li>
        ))}
      </ul>
      <h3>Cases that got worse</h3>
      <ul>
        {comparison.worse.map((w) => (
          <li key={w.caseId}>
            {w.caseId}: pass {pct(w.baseline)} → {pct(w.candidate)}
          </li>
        ))}
      </ul>
    </>
  );
}

function Trials({ run }: { run: EvalRunDto }) {
  return (
    <table>
      <caption>Cases</caption>
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Phase</th>
          <th scope="col">Mode</th>
          <th scope="col">Trial</th>
          <th scope="col">F1</th>
          <th scope="col">Passed</th>
        </tr>
      </thead>
      <tbody>
        {run.scores.map((s) => (
          <tr key={`${s.caseId}:${s.mode}:${s.trial}`}>
            <td>
              <Link href={`/runs/${run.id}/case/${s.caseId}/${s.mode}/${s.trial}`}>{s.caseId}</Link>
            </td>
            <td>{s.phase}</td>
            <td>{s.mode}</td>
            <td>{s.trial}</td>
            <td>{pct(s.f1)}</td>
            <td>{s.passed ? "yes" : "no"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
