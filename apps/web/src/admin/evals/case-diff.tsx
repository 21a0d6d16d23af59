// One case in one trial: the expected actions and params (as matchers) against what the turn
// produced, side by side, with each param check and everything that must not happen.
import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { useTRPC } from "../../api.tsx";
import { describeError } from "../../errors.ts";

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function CaseDiff(props: { runId: string; caseId: string; mode: string; trial: number }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.admin.evals.runs.get.queryOptions({ id: props.runId }));
  if (run.error) return <p role="alert">{describeError(run.error)}</p>;
  if (!run.data) return <p role="status">Loading…</p>;
  const score = run.data.scores.find(
    (s) => s.caseId === props.caseId && s.mode === props.mode && s.trial === props.trial,
  );
  if (!score) return <p role="alert">This run has no such trial.</p>;
  const rows = Math.max(score.expected.length, score.produced.length);
  return (
    <section aria-labelledby="case-title">
      <h1 id="case-title">
        {score.caseId} ({score.mode}, trial {score.trial}): {score.passed ? "passed" : "failed"}
      </h1>
      <p>
        <Link href={`/runs/${props.runId}`}>Back to the run</Link>
      </p>
      <table>
        <caption>Expected vs produced actions</caption>
        <thead>
          <tr>
            <th scope="col">Expected</th>
            <th scope="col">Produced</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, index) => {
            const want = score.expected[index];
            const got = score.produced[index];
            const same = want !== undefined && got !== undefined && want.type === got.type;
            return (
              <tr key={index} data-match={same ? "type" : "none"}>
                <td>{want ? <pre>{`${want.type}\n${json(want.params)}`}</pre> : "—"}</td>
                <td>
                  {got ? <pre>{`${got.type} (${got.status})\n${json(got.params)}`}</pre> : "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Param checks</h2>
      <ul>
        {score.params.map((p) => (
          <li key={p.field}>
            {p.matched ? "✓" : "✗"} {p.field}
          </li>
        ))}
      </ul>
      <h2>Everything else</h2>
      <ul>
        <li>Phase reached: {score.phaseReached ? "yes" : "no"}</li>
        <li>Forbidden actions: {score.forbiddenHits.join(", ") || "none"}</li>
        <li>Policy violations: {score.policyViolations.join("; ") || "none"}</li>
        <li>Outside the phase: {score.outsidePhase.join(", ") || "none"}</li>
        <li>Refused by the engine: {score.refused.join("; ") || "none"}</li>
        <li>
          Invalid replies: {score.invalid}, re-asks: {score.reasks}
        </li>
        <li>
          Tokens: {score.tokens}, cost: ${score.costUsd.toFixed(4)}, latency:{" "}
          {Math.round(score.latencyMs)} ms
        </li>
        {score.error && <li>Turn failed: {score.error}</li>}
      </ul>
    </section>
  );
}
