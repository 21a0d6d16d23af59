// Prompts per phase: every version, its body and context keys; edit (a new version, checked
// here for placeholders and by the server), activate, and diff two versions line by line.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Phase, PromptDto } from "@trellis/sdk";
import { diffLines } from "diff";
import { useId, useState } from "react";
import { useTRPC } from "../api.tsx";
import { label, PHASES } from "../phases.ts";
import { describeOperatorError } from "./operator-errors.ts";
import { CONTEXT_KEYS, placeholders } from "./prompt-placeholders.ts";

export function Prompts() {
  const trpc = useTRPC();
  const [phase, setPhase] = useState<Phase>("introduction");
  const phaseId = useId();
  const list = useQuery(trpc.admin.prompts.list.queryOptions({ phase }));
  const versions = [...(list.data ?? [])].sort((a, b) => b.version - a.version);
  const [selected, setSelected] = useState<number | null>(null);
  const [compare, setCompare] = useState<number | null>(null);
  const current = versions.find((p) => p.version === selected) ?? versions.find((p) => p.active);
  const other = versions.find((p) => p.version === compare);

  return (
    <section aria-labelledby="prompts-title">
      <h1 id="prompts-title">Prompts</h1>
      <label htmlFor={phaseId}>
        Phase
        <select
          id={phaseId}
          value={phase}
          onChange={(event) => {
            const next = PHASES.find((p) => p === event.target.value);
            if (next) {
              setPhase(next);
              setSelected(null);
              setCompare(null);
            }
          }}
        >
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
      </label>
      {list.isError && <p role="alert">{describeOperatorError(list.error)}</p>}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Created</th>
              <th scope="col">Context keys</th>
              <th scope="col">Status</th>
              <th scope="col">Compare</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((prompt) => (
              <tr key={prompt.id} data-version={prompt.version}>
                <td>
                  <button
                    type="button"
                    className="outline"
                    aria-pressed={current?.version === prompt.version}
                    onClick={() => setSelected(prompt.version)}
                  >
                    v{prompt.version}
                  </button>
                </td>
                <td>{prompt.createdAt.toLocaleString()}</td>
                <td>
                  <small>{prompt.requiredContextKeys.join(", ") || "none"}</small>
                </td>
                <td>{prompt.active ? <mark>active</mark> : <ActivateButton prompt={prompt} />}</td>
                <td>
                  <input
                    type="radio"
                    name="compare"
                    aria-label={`Compare with v${prompt.version}`}
                    checked={compare === prompt.version}
                    onChange={() => setCompare(prompt.version)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && other && current.version !== other.version && (
        <PromptDiff from={other} to={current} />
      )}
      {current && <PromptEditor key={`${phase}-${current.version}`} phase={phase} base={current} />}
    </section>
  );
}

function ActivateButton({ prompt }: { prompt: PromptDto }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const activate = useMutation(
    trpc.admin.prompts.activate.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.admin.prompts.list.pathKey() }),
    }),
  );
  const phase = PHASES.find((p) => p === prompt.phase);
  if (!phase) return null;
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-busy={activate.isPending}
        onClick={() => activate.mutate({ phase, version: prompt.version })}
      >
        Activate v{prompt.version}
      </button>
      {activate.isError && <small role="alert">{describeOperatorError(activate.error)}</small>}
    </>
  );
}

function PromptDiff({ from, to }: { from: PromptDto; to: PromptDto }) {
  const parts = diffLines(from.body, to.body);
  return (
    <figure aria-label={`Differences from v${from.version} to v${to.version}`}>
      <figcaption>
        From v{from.version} to v{to.version} (<del>removed</del>, <ins>added</ins>)
      </figcaption>
      <div className="diff" data-testid="prompt-diff">
        {parts.map((part, index) =>
          part.added ? (
            <ins key={index}>{part.value}</ins>
          ) : part.removed ? (
            <del key={index}>{part.value}</del>
          ) : (
            <span key={index}>{part.value}</span>
          ),
        )}
      </div>
    </figure>
  );
}

function PromptEditor({ phase, base }: { phase: Phase; base: PromptDto }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState(base.body);
  const [activate, setActivate] = useState(true);
  const id = useId();
  const create = useMutation(
    trpc.admin.prompts.create.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.admin.prompts.list.pathKey() }),
    }),
  );
  const { keys, unknown } = placeholders(body);
  return (
    <form
      aria-label="Edit prompt"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ phase, body, requiredContextKeys: keys, activate });
      }}
    >
      <h2>Edit (saved as a new version of {label(phase)})</h2>
      <label htmlFor={id}>
        Body, starting from v{base.version}
        <textarea
          id={id}
          rows={14}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-invalid={unknown.length > 0 ? true : undefined}
        />
      </label>
      <p>
        <small>
          Context keys (write <code>{"{{key}}"}</code>):{" "}
          {CONTEXT_KEYS.map((key) => (
            <code key={key} className={keys.includes(key) ? "used" : undefined}>
              {key}{" "}
            </code>
          ))}
        </small>
      </p>
      {unknown.length > 0 && (
        <p role="alert" className="error">
          Unknown placeholders: {unknown.map((name) => `{{${name}}}`).join(", ")}
        </p>
      )}
      <label>
        <input
          type="checkbox"
          checked={activate}
          onChange={(event) => setActivate(event.target.checked)}
        />
        Activate the new version
      </label>
      <button type="submit" disabled={unknown.length > 0} aria-busy={create.isPending}>
        Save new version
      </button>
      {create.isError && (
        <p role="alert" className="error">
          {describeOperatorError(create.error)}
        </p>
      )}
      {create.data && (
        <p role="status">
          Saved v{create.data.version}
          {create.data.active ? " (active)" : ""}.
        </p>
      )}
    </form>
  );
}
