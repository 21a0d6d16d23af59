import { z } from "zod";

/** Entities whose fields action params write. */
type StoredEntity = "identity" | "coach_state" | "user_note";

/** A stored field, `<entity>.<field>`, e.g. `identity.iAmStatement`. */
export type StoredField = `${StoredEntity}.${string}`;

/** Our own registry, like `ref`'s: the tag never leaks into generated JSON Schema. */
const storedFieldRegistry = z.registry<{ readonly field: StoredField }>();

/**
 * Declares that a parameter's value is written to a stored field. The catalog uses it to find
 * fields that need the user's confirmation (see rules/confirmation-rules.ts); only top-level
 * params are read. Returns the schema itself, so it wraps a field in place.
 */
export function stores<S extends z.ZodType>(field: StoredField, schema: S): S {
  storedFieldRegistry.add(schema, { field });
  return schema;
}

/** The stored field a schema (not its wrappers) was declared to write with `stores`. */
export function storedFieldTagOf(schema: z.core.$ZodType): StoredField | undefined {
  return storedFieldRegistry.get(schema)?.field;
}
