// Test scenarios: freeze a user's whole state (yours, or a scenario user's), instantiate it as
// a user to chat as, reset that user back to the snapshot, and open a chat as it (optionally
// with a pinned prompt version).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ScenarioDto } from "@trellis/sdk";
import { useId, useState } from "react";
import { Link } from "wouter";
import { useTRPC } from "../api.tsx";
import { ConfirmButton } from "./confirm-button.tsx";
import { describeOperatorError } from "./operator-errors.ts";

export function Scenarios() {
  const trpc = useTRPC();
  const list = useQuery(trpc.admin.scenarios.list.queryOptions());
  return (
    <section aria-labelledby="scenarios-title">
      <h1 id="scenarios-title">Test scenarios</h1>
      <FreezeForm scenarios={list.data ?? []} />
      {list.isError && <p role="alert">{describeOperatorError(list.error)}</p>}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Snapshot</th>
              <th scope="col">Instance</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((scenario) => (
              <ScenarioRow key={scenario.id} scenario={scenario} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.scenarios.list.pathKey() });
}

function FreezeForm({ scenarios }: { scenarios: readonly ScenarioDto[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [name, setName] = useState("");
  const [source, setSource] = useState("");
  const freeze = useMutation(trpc.admin.scenarios.freeze.mutationOptions({ onSuccess: refresh }));
  const nameId = useId();
  const sourceId = useId();
  return (
    <form
      aria-label="Freeze a scenario"
      onSubmit={(event) => {
        event.preventDefault();
        freeze.mutate(
          { name, ...(source ? { userId: source } : {}) },
          { onSuccess: () => setName("") },
        );
      }}
    >
      <fieldset className="grid">
        <label htmlFor={nameId}>
          Scenario name
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label htmlFor={sourceId}>
          Freeze whose state
          <select id={sourceId} value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">Mine</option>
            {scenarios
              .filter((s) => s.userId !== null)
              .map((s) => (
                <option key={s.id} value={s.userId ?? ""}>
                  The user of “{s.name}”
                </option>
              ))}
          </select>
        </label>
      </fieldset>
      <button type="submit" aria-busy={freeze.isPending}>
        Freeze
      </button>
      {freeze.isError && (
        <p role="alert" className="error">
          {describeOperatorError(freeze.error)}
        </p>
      )}
    </form>
  );
}

function ScenarioRow({ scenario }: { scenario: ScenarioDto }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [version, setVersion] = useState("");
  const instantiate = useMutation(
    trpc.admin.scenarios.instantiate.mutationOptions({ onSuccess: refresh }),
  );
  const reset = useMutation(trpc.admin.scenarios.reset.mutationOptions({ onSuccess: refresh }));
  const error = instantiate.error ?? reset.error;
  const c = scenario.counts;
  const chatHref = `/scenarios/${scenario.id}/chat${version ? `?promptVersion=${version}` : ""}`;
  return (
    <tr data-scenario={scenario.name}>
      <th scope="row">{scenario.name}</th>
      <td>
        <small>
          {c.identities} identities, {c.messages} messages, {c.actions} actions, {c.notes} notes
        </small>
      </td>
      <td>{scenario.userId ? <small>instantiated</small> : <small>none</small>}</td>
      <td>
        <div className="buttons">
          {scenario.userId ? (
            <>
              {/* Both throw away what was done as the scenario's user: asked first. */}
              <ConfirmButton
                label="Re-instantiate"
                question={`Re-instantiate “${scenario.name}”?`}
                busy={instantiate.isPending}
                onConfirm={() => instantiate.mutate({ scenarioId: scenario.id })}
              >
                <p>
                  Its user is deleted with everything said and done as it, and a new user is made
                  from the snapshot.
                </p>
              </ConfirmButton>
              <ConfirmButton
                label="Reset"
                question={`Reset “${scenario.name}” to its snapshot?`}
                busy={reset.isPending}
                onConfirm={() => reset.mutate({ scenarioId: scenario.id })}
              >
                <p>
                  Every message, action and change made as its user since the snapshot is deleted.
                  The user stays the same.
                </p>
              </ConfirmButton>
            </>
          ) : (
            <button
              type="button"
              className="outline"
              aria-busy={instantiate.isPending}
              onClick={() => instantiate.mutate({ scenarioId: scenario.id })}
            >
              Instantiate
            </button>
          )}
        </div>
        {scenario.userId && (
          <p>
            <label>
              Pin prompt version (optional)
              <input
                type="number"
                min={1}
                value={version}
                onChange={(e) => setVersion(e.target.value)}
              />
            </label>
            <Link href={chatHref}>Chat as “{scenario.name}”</Link>
          </p>
        )}
        {reset.isSuccess && <small role="status">Reset to the snapshot.</small>}
        {error && (
          <small role="alert" className="error">
            {describeOperatorError(error)}
          </small>
        )}
      </td>
    </tr>
  );
}
