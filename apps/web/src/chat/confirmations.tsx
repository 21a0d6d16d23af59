// The coach's proposals waiting for the user (open pending actions from `state.get`): approve,
// edit then approve (a form from the action's params schema), or reject.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  ActionOutcome,
  ActionParamsInput,
  ActionType,
  IdentityDto,
  PendingActionDto,
} from "@trellis/sdk";
import { useState } from "react";
import { useTRPC } from "../api.tsx";

import type { Catalog } from "../catalog.ts";
import { describeError } from "../errors.ts";
import { CatalogIcon } from "../icons.tsx";
import { withoutBidiControls } from "../text.ts";
import { problemsOf } from "./field-problems.ts";
import { type FormValues, fieldLabel, fieldsOf, ParamsForm } from "./params-form.tsx";
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

/** The proposal in words: each param under its label, identity ids as the identity's name. */
function summarize(
  params: PendingActionDto["params"],
  schema: unknown,
  identities: readonly IdentityDto[],
) {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return null;
  const fields = new Map(fieldsOf(schema).map((field) => [field.name, field.schema]));
  return Object.entries(params).map(([key, value]) => {
    const named = identities.find((identity) => identity.id === value)?.name;
    const text = named ?? (typeof value === "string" ? value : JSON.stringify(value));
    return (
      <li key={key}>
        <strong>{fieldLabel(key, fields.get(key))}</strong>:{" "}
        <span dir="auto">{withoutBidiControls(text)}</span>
      </li>
    );
  });
}

export function Confirmations({
  pending,
  identities,
  catalog,
  testScenarioId,
  onResolved,
}: {
  pending: readonly PendingActionDto[];
  identities: readonly IdentityDto[];
  catalog: Catalog;
  testScenarioId?: string | undefined;
  /** The user's answer reached the server: the action's timeline row changes at once. */
  onResolved(actionId: string, status: "approved" | "rejected"): void;
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
          onResolved={onResolved}
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
  onResolved,
}: {
  item: PendingActionDto;
  identities: readonly IdentityDto[];
  catalog: Catalog;
  testScenarioId?: string | undefined;
  onResolved(actionId: string, status: "approved" | "rejected"): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const scenario = testScenarioId ? { testScenarioId } : {};
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.state.get.pathKey() });
  const approve = useMutation(trpc.pending.approve.mutationOptions());
  const reject = useMutation(trpc.pending.reject.mutationOptions());
  const entry = catalog.get(item.type);
  const editable = entry !== undefined && fieldsOf(entry.params).length > 0;

  const decide = async (answer: "approved" | "rejected", run: () => Promise<ActionOutcome>) => {
    setProblem(null);
    setFieldErrors({});
    try {
      const outcome = await run();
      if (outcome.status === "failed") {
        const problems = problemsOf(outcome);
        setFieldErrors(problems.fields);
        setProblem(problems.message);
        if (Object.keys(problems.fields).length > 0 && editable) setEditing(true);
      } else {
        setEditing(false);
        onResolved(item.actionId, answer);
      }
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
    void decide("approved", () =>
      approve.mutateAsync({ pendingActionId: item.id, ...edit, ...scenario }),
    );
  };
  const busy = approve.isPending || reject.isPending;

  return (
    <article
      aria-label={`Confirm: ${item.title}`}
      className="confirmation"
      data-action-id={item.actionId}
    >
      <header>
        <CatalogIcon name={entry?.icon} /> The coach suggests: <strong>{item.title}</strong>
      </header>
      {editing && entry ? (
        <ParamsForm
          schema={entry.params}
          proposed={item.params}
          identities={identities}
          submitLabel="Save and approve"
          fieldErrors={fieldErrors}
          onSubmit={approveEdited}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <ul>{summarize(item.params, entry?.params, identities)}</ul>
          <div className="buttons">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void decide("approved", () =>
                  approve.mutateAsync({ pendingActionId: item.id, ...scenario }),
                )
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
                void decide("rejected", () =>
                  reject.mutateAsync({ pendingActionId: item.id, ...scenario }),
                )
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
