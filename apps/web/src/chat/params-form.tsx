// A form derived from an action's params JSON Schema (from `actions.catalog`): one field per
// property, its kind from the schema (text, long text, number, yes/no, choice), identity ids as
// a choice among the user's identities. It edits the values the coach proposed.
import type { IdentityDto, Json } from "@trellis/sdk";
import { useId, useState } from "react";
import { label } from "../phases.ts";

export type FormValue = string | number | boolean;
export type FormValues = Record<string, FormValue>;

interface FieldSchema {
  type?: unknown;
  enum?: unknown;
  maxLength?: unknown;
  description?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema's properties with a kind a form can edit (arrays and objects are left out). */
export function fieldsOf(schema: unknown): Array<{ name: string; schema: FieldSchema }> {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([name, field]) =>
    isRecord(field) && ["string", "number", "integer", "boolean"].includes(String(field.type))
      ? [{ name, schema: field }]
      : [],
  );
}

/** Identity references are named like `identityId`, `identityIdA`, `parentIdentityId`. */
const isIdentityRef = (name: string) => /[iI]dentityId[A-Z]?$/.test(name);

export function initialValues(schema: unknown, proposed: Json): FormValues {
  const values: FormValues = {};
  const source = isRecord(proposed) ? proposed : {};
  for (const { name, schema: field } of fieldsOf(schema)) {
    const value = source[name];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      values[name] = value;
    } else values[name] = field.type === "boolean" ? false : "";
  }
  return values;
}

export function ParamsForm({
  schema,
  proposed,
  identities,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  schema: unknown;
  proposed: Json;
  identities: readonly IdentityDto[];
  submitLabel: string;
  onSubmit(values: FormValues): void;
  onCancel(): void;
}) {
  const [values, setValues] = useState(() => initialValues(schema, proposed));
  const formId = useId();
  const set = (name: string, value: FormValue) => setValues((old) => ({ ...old, [name]: value }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(values);
      }}
    >
      {fieldsOf(schema).map(({ name, schema: field }) => {
        const id = `${formId}-${name}`;
        const hint = typeof field.description === "string" ? field.description : undefined;
        const value = values[name];
        let input: React.ReactNode;
        if (isIdentityRef(name)) {
          input = (
            <select
              id={id}
              aria-describedby={`${id}-hint`}
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            >
              {identities.map((identity) => (
                <option key={identity.id} value={identity.id}>
                  {identity.name}
                </option>
              ))}
            </select>
          );
        } else if (Array.isArray(field.enum)) {
          input = (
            <select
              id={id}
              aria-describedby={`${id}-hint`}
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            >
              {field.enum.map((option) => (
                <option key={String(option)} value={String(option)}>
                  {label(String(option))}
                </option>
              ))}
            </select>
          );
        } else if (field.type === "boolean") {
          input = (
            <input
              id={id}
              aria-describedby={`${id}-hint`}
              type="checkbox"
              checked={value === true}
              onChange={(e) => set(name, e.target.checked)}
            />
          );
        } else if (field.type === "number" || field.type === "integer") {
          input = (
            <input
              id={id}
              aria-describedby={`${id}-hint`}
              type="number"
              value={String(value)}
              onChange={(e) => set(name, Number(e.target.value))}
            />
          );
        } else {
          const long = typeof field.maxLength !== "number" || field.maxLength > 200;
          input = long ? (
            <textarea
              id={id}
              aria-describedby={`${id}-hint`}
              rows={3}
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            />
          ) : (
            <input
              id={id}
              aria-describedby={`${id}-hint`}
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            />
          );
        }
        return (
          <div key={name}>
            <label htmlFor={id}>
              {label(name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase())}
            </label>
            {input}
            {hint && <small id={`${id}-hint`}>{hint}</small>}
          </div>
        );
      })}
      <div className="buttons">
        <button type="submit">{submitLabel}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
