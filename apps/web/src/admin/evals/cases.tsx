// Eval cases in the database, and a new one from a turn of a scenario's conversation: pick the
// scenario and the coach turn, name the case, edit what is expected, save it, and download it
// as packages/evals/cases/<id>.json to commit (cases are reviewed as files).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EvalCaseDto } from "@trellis/sdk";
import { useId, useState } from "react";
import { Link } from "wouter";
import { useTRPC } from "../../api.tsx";
import { describeError } from "../../errors.ts";

export function Cases() {
  const trpc = useTRPC();
  const cases = useQuery(trpc.admin.evals.cases.list.queryOptions());
  const [editing, setEditing] = useState<EvalCaseDto | null>(null);
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">Eval cases</h1>
      <p>
        <Link href="/">Runs</Link>
      </p>
      <FromTurn onMade={setEditing} />
      {editing && <CaseEditor key={editing.caseKey} stored={editing} />}
      {cases.error && <p role="alert">{describeError(cases.error)}</p>}
      <ul>
        {(cases.data ?? []).map((c) => (
          <li key={c.id}>
            <button type="button" className="secondary" onClick={() => setEditing(c)}>
              {c.caseKey}
            </button>{" "}
            <small>({c.source})</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FromTurn({ onMade }: { onMade: (c: EvalCaseDto) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scenarios = useQuery(trpc.admin.scenarios.list.queryOptions());
  const [scenarioId, setScenarioId] = useState("");
  const [turnId, setTurnId] = useState("");
  const [caseKey, setCaseKey] = useState("");
  const history = useQuery({
    ...trpc.chat.history.queryOptions({ limit: 100, testScenarioId: scenarioId }),
    enabled: scenarioId !== "",
  });
  const make = useMutation(
    trpc.admin.evals.cases.fromTurn.mutationOptions({
      onSuccess: (made) => {
        onMade(made);
        return queryClient.invalidateQueries({ queryKey: trpc.admin.evals.cases.list.pathKey() });
      },
    }),
  );
  const ids = { scenario: useId(), turn: useId(), key: useId() };
  const instantiated = (scenarios.data ?? []).filter((s) => s.userId !== null);
  const turns = (history.data?.items ?? []).filter((m) => m.role === "coach");
  return (
    <form
      aria-label="Make a case from a turn"
      onSubmit={(event) => {
        event.preventDefault();
        make.mutate({ scenarioId, coachMessageId: turnId, caseKey });
      }}
    >
      <label htmlFor={ids.scenario}>Scenario (instantiated)</label>
      <select
        id={ids.scenario}
        value={scenarioId}
        onChange={(e) => setScenarioId(e.currentTarget.value)}
      >
        <option value="">Pick one</option>
        {instantiated.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <label htmlFor={ids.turn}>Coach turn</label>
      <select id={ids.turn} value={turnId} onChange={(e) => setTurnId(e.currentTarget.value)}>
        <option value="">Pick one</option>
        {turns.map((m) => (
          <option key={m.id} value={m.id}>
            {m.content.slice(0, 80)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.key}>Case id (lower-case words joined by "-")</label>
      <input id={ids.key} value={caseKey} onChange={(e) => setCaseKey(e.currentTarget.value)} />
      <button type="submit" disabled={!scenarioId || !turnId || !caseKey || make.isPending}>
        Make the case
      </button>
      {make.error && <p role="alert">{describeError(make.error)}</p>}
    </form>
  );
}

function CaseEditor({ stored }: { stored: EvalCaseDto }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(stored.definition, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const save = useMutation(
    trpc.admin.evals.cases.save.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.admin.evals.cases.list.pathKey() }),
    }),
  );
  const id = useId();
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text.trim()}\n`], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${stored.caseKey}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <form
      aria-label={`Edit case ${stored.caseKey}`}
      onSubmit={(event) => {
        event.preventDefault();
        try {
          const definition = JSON.parse(text);
          setParseError(null);
          save.mutate({ definition });
        } catch (error) {
          setParseError(error instanceof Error ? error.message : String(error));
        }
      }}
    >
      <label htmlFor={id}>
        Case {stored.caseKey} (expected actions, forbidden ones, phase, rubric)
      </label>
      <textarea id={id} rows={20} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <button type="submit" disabled={save.isPending}>
        Save
      </button>{" "}
      <button type="button" className="secondary" onClick={download}>
        Download {stored.caseKey}.json
      </button>
      {save.isSuccess && <p role="status">Saved.</p>}
      {(parseError ?? save.error) && (
        <p role="alert">{parseError ?? (save.error ? describeError(save.error) : "")}</p>
      )}
    </form>
  );
}
