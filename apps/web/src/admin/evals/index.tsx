// Evals in the console (`admin.evals`): the run history, one run's scores per phase and per
// action type, two runs side by side, one case's expected vs produced actions, and cases made
// from a turn of a scenario's conversation. Runs come from `pnpm eval --store`.
import { Route, Switch } from "wouter";
import { CaseDiff } from "./case-diff.tsx";
import { Cases } from "./cases.tsx";
import { Compare } from "./compare.tsx";
import { RunDetail } from "./run-detail.tsx";
import { Runs } from "./runs.tsx";

export function Evals() {
  return (
    <Switch>
      <Route path="/cases">
        <Cases />
      </Route>
      <Route path="/compare/:a/:b">{(p) => <Compare a={p.a} b={p.b} />}</Route>
      <Route path="/runs/:id/case/:caseId/:mode/:trial">
        {(p) => <CaseDiff runId={p.id} caseId={p.caseId} mode={p.mode} trial={Number(p.trial)} />}
      </Route>
      <Route path="/runs/:id">{(p) => <RunDetail id={p.id} />}</Route>
      <Route>
        <Runs />
      </Route>
    </Switch>
  );
}
