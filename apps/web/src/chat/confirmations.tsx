// The coach's proposals waiting for the user (open pending actions from `state.get`): approve,
// edit then approve (a form from the action's params schema), or reject.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ActionParamsInput, ActionType, IdentityDto, PendingActionDto } from "@trellis/sdk";
import { useState } from "react";
import { useTRPC } from "../api.tsx";
import { type Catalog, iconOf } from "../catalog.ts";
import { describeError } from "../errors.ts";
import { type FormValues, fieldsOf, ParamsForm } from "./params-form.tsx";
import { isActionType } from "./action-types.ts";

/** An edited approval: `params` typed by `type`, as `pending.approve` expects. */
type EditedApproval = {
  [T in ActionType]: { type: T; params: Partial<ActionParamsInput<T>> };
}[ActionType];

/**
 * Checks an edit against the action's params schema (a known action type; every key one of
 * its properties, of the schema's kind) before it is sent as that action's params. The server
 * validates the merged params fully; a value it refuses comes back as a failed outcome.
 */
function isEditedApproval(
  edit: { type: string; params: FormValues },
  schema: unknown,
): edit is { type: string; params: FormValues } & EditedApproval {
  if (!isActionType(edit.type)) return false;
  const fields = new Map(fieldsOf(schema).map((field) => [field.name, field.schema.type]));
  return Object.entries(edit.params).every(([name, value]) => {
    const kind = fields.get(name);
    if (kind === "integer" || kind === "number") return typeof value === "number";
    return kind !== undefined && typeof value === kind;
  });
}

function summarize(params: PendingActionDto["params"], identities: readonly IdentityDto[]) {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return null;
  return Object.entries(params).map(([key, value]) => {
    const named = identities.find((identity) => identity.id === value)?.name;
    return (
      <li key={key}>
        <strong>{key}</strong>: {named ?? String(value)}
      </li>
    );
  });
}

export function Confirmations({
  pending,
  identities,
  catalog,
  testScenarioId,
}: {
  pending: readonly PendingActionDto[];
  identities: readonly IdentityDto[];
  catalog: Catalog;
  testScenarioId?: string | undefined;
}) {
  if (pending.length === 0) return null;
  return (
    <section aria-label="Waiting for your confirmation">
      {pending.map((item) => (
        <ConfirmationCard
          key={item.id}
          item={item}
          identities={identities}
          catalog={catalog}
          testScenarioId={testScenarioId}
        />
      ))}
    </section>
  );
}

function ConfirmationCard({
  item,
  identities,
  catalog,
  testScenarioId,
}: {
  item: PendingActionDto;
  identities: readonly IdentityDto[];
  catalog: Catalog;
  testScenarioId?: string | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const scenario = testScenarioId ? { testScenarioId } : {};
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.chat.history.pathKey() }),
    ]);
  const approve = useMutation(trpc.pending.approve.mutationOptions());
  const reject = useMutation(trpc.pending.reject.mutationOptions());
  const entry = catalog.get(item.type);
  const editable = entry !== undefined && fieldsOf(entry.params).length > 0;

  const decide = async (run: () => Promise<{ status: string; summary: string }>) => {
    setProblem(null);
    try {
      const outcome = await run();
      if (outcome.status === "failed") setProblem(outcome.summary);
      else setEditing(false);
    } catch (error) {
      setProblem(describeError(error));
    }
    await refresh();
  };

  const approveEdited = (values: FormValues) => {
    const edit = { type: item.type, params: values };
    if (!entry || !isEditedApproval(edit, entry.params)) {
      setProblem("This suggestion cannot be edited here.");
      return;
    }
    void decide(() => approve.mutateAsync({ pendingActionId: item.id, ...edit, ...scenario }));
  };
  const busy = approve.isPending || reject.isPending;

  return (
    <article aria-label={`Confirm: ${item.title}`} className="confirmation">
      <header>
        <span aria-hidden="true">{iconOf(catalog, item.type)}</span> The coach suggests:{" "}
        <strong>{item.title}</strong>
      </header>
      {editing && entry ? (
        <ParamsForm
          schema={entry.params}
          proposed={item.params}
          identities={identities}
          submitLabel="Save and approve"
          onSubmit={approveEdited}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <ul>{summarize(item.params, identities)}</ul>
          <div className="buttons">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void decide(() => approve.mutateAsync({ pendingActionId: item.id, ...scenario }))
              }
            >
              Approve
            </button>
            {editable && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => setEditing(true)}
              >
                Edit
              </button>
            )}
            <button
              type="button"
              className="secondary outline"
              disabled={busy}
              onClick={() =>
                void decide(() => reject.mutateAsync({ pendingActionId: item.id, ...scenario }))
              }
            >
              Reject
            </button>
          </div>
        </>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </article>
  );
}
