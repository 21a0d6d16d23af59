// Model usage and cost from the ledger (`admin.usage`): tokens and dollars summed by the
// dimensions the operator picks (user, phase, prompt version, model, UTC day), largest cost first.
import { useQuery } from "@tanstack/react-query";
import type { UsageDimension, UsageRow } from "@trellis/sdk";
import { useId, useState } from "react";
import { useTRPC } from "../api.tsx";
import { describeOperatorError } from "./operator-errors.ts";

const DIMENSIONS = [
  { key: "day", title: "Day" },
  { key: "model", title: "Model" },
  { key: "phase", title: "Phase" },
  { key: "promptVersion", title: "Prompt version" },
  { key: "userId", title: "User" },
] as const satisfies ReadonlyArray<{ key: UsageDimension; title: string }>;

const dollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 4,
});
const count = new Intl.NumberFormat("en-US");

export function Usage() {
  const trpc = useTRPC();
  const [groupBy, setGroupBy] = useState<UsageDimension[]>(["day", "model"]);
  const usage = useQuery(trpc.admin.usage.queryOptions({ groupBy }));
  const shown = DIMENSIONS.filter((dimension) => groupBy.includes(dimension.key));
  const toggle = (key: UsageDimension, on: boolean) =>
    setGroupBy((old) => (on ? [...old, key] : old.filter((k) => k !== key)));
  const rows = usage.data ?? [];
  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Usage and cost</h1>
      <fieldset>
        <legend>Group by</legend>
        {DIMENSIONS.map((dimension) => (
          <DimensionBox
            key={dimension.key}
            title={dimension.title}
            checked={groupBy.includes(dimension.key)}
            onChange={(on) => toggle(dimension.key, on)}
          />
        ))}
      </fieldset>
      {usage.error && <p role="alert">{describeOperatorError(usage.error)}</p>}
      <p role="status">
        {usage.isPending
          ? "Loading…"
          : rows.length === 0
            ? "No model calls recorded (the scripted coach makes none)"
            : `${rows.length} ${rows.length === 1 ? "group" : "groups"}`}
      </p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Model calls, tokens and cost</caption>
            <thead>
              <tr>
                {shown.map((dimension) => (
                  <th scope="col" key={dimension.key}>
                    {dimension.title}
                  </th>
                ))}
                <th scope="col">Calls</th>
                <th scope="col">Prompt tokens</th>
                <th scope="col">Cached</th>
                <th scope="col">Completion tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={shown.map((dimension) => String(row[dimension.key])).join("|")}>
                  {shown.map((dimension) => (
                    <td key={dimension.key}>{cell(row, dimension.key)}</td>
                  ))}
                  <td>{count.format(row.calls)}</td>
                  <td>{count.format(row.promptTokens)}</td>
                  <td>{count.format(row.cachedPromptTokens)}</td>
                  <td>{count.format(row.completionTokens)}</td>
                  <td>{dollars.format(row.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function cell(row: UsageRow, key: UsageDimension): string {
  const value = row[key];
  return value === null ? "—" : String(value);
}

function DimensionBox(props: {
  title: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.title}
    </label>
  );
}
