// A form derived from an action's params JSON Schema (from `actions.catalog`): one field per
// property, its kind from the schema (text, long text, number, yes/no, choice), identity ids as
// a choice among the user's identities. It edits the values the coach proposed.
import type { IdentityDto, Json } from "@trellis/sdk";
import { useId, useState } from "react";
import { label } from "../phases.ts";
import { humanize, withoutBidiControls } from "../text.ts";

export type FormValue = string | number | boolean;
export type FormValues = Record<string, FormValue>;

interface FieldSchema {
  type?: unknown;
  enum?: unknown;
  maxLength?: unknown;
  minLength?: unknown;
  description?: unknown;
  title?: unknown;
}

/** A field's label: the schema's title, else its key in words ("identityId" → "Identity"). */
export function fieldLabel(name: string, schema: FieldSchema | undefined): string {
  return typeof schema?.title === "string" ? schema.title : humanize(name);
}

/** The schema's `required` list. */
function requiredOf(schema: unknown): ReadonlySet<string> {
  if (!isRecord(schema) || !Array.isArray(schema.required)) return new Set();
  return new Set(schema.required.filter((name) => typeof name === "string"));
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
  fieldErrors = {},
  onSubmit,
  onCancel,
}: {
  schema: unknown;
  proposed: Json;
  identities: readonly IdentityDto[];
  submitLabel: string;
  /** The server's problems with the last submission, by field name. */
  fieldErrors?: Readonly<Record<string, string>>;
  onSubmit(values: FormValues): void;
  onCancel(): void;
}) {
  const [values, setValues] = useState(() => initialValues(schema, proposed));
  const formId = useId();
  const set = (name: string, value: FormValue) => setValues((old) => ({ ...old, [name]: value }));
  const required = requiredOf(schema);
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
        const problem = fieldErrors[name];
        const value = values[name];
        // Every input gets these: help and problem linked, required and lengths from the schema.
        const common = {
          id,
          "aria-describedby":
            [hint && `${id}-hint`, problem && `${id}-error`].filter(Boolean).join(" ") || undefined,
          "aria-invalid": problem ? true : undefined,
          required: required.has(name),
        };
        const lengths = {
          ...(typeof field.maxLength === "number" ? { maxLength: field.maxLength } : {}),
          ...(typeof field.minLength === "number" ? { minLength: field.minLength } : {}),
        };
        let input: React.ReactNode;
        if (isIdentityRef(name)) {
          input = (
            <select {...common} value={String(value)} onChange={(e) => set(name, e.target.value)}>
              {identities.map((identity) => (
                <option key={identity.id} value={identity.id}>
                  {withoutBidiControls(identity.name)}
                </option>
              ))}
            </select>
          );
        } else if (Array.isArray(field.enum)) {
          input = (
            <select {...common} value={String(value)} onChange={(e) => set(name, e.target.value)}>
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
              {...common}
              required={false}
              type="checkbox"
              checked={value === true}
              onChange={(e) => set(name, e.target.checked)}
            />
          );
        } else if (field.type === "number" || field.type === "integer") {
          input = (
            <input
              {...common}
              type="number"
              value={String(value)}
              onChange={(e) => set(name, Number(e.target.value))}
            />
          );
        } else {
          const long = typeof field.maxLength !== "number" || field.maxLength > 200;
          input = long ? (
            <textarea
              {...common}
              {...lengths}
              dir="auto"
              rows={3}
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            />
          ) : (
            <input
              {...common}
              {...lengths}
              dir="auto"
              value={String(value)}
              onChange={(e) => set(name, e.target.value)}
            />
          );
        }
        return (
          <div key={name}>
            <label htmlFor={id}>{fieldLabel(name, field)}</label>
            {input}
            {problem && (
              <small id={`${id}-error`} className="error field-error">
                {problem}
              </small>
            )}
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
