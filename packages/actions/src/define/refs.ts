import { z } from "zod";
import { limits } from "../limits.ts";

/** Kinds of entity a parameter can reference; the server checks each one belongs to the user. */
export type ReferenceKind = "identity" | "user_note";

/**
 * Our own registry (not zod's global one) so the tag never leaks into generated JSON Schema.
 * Registries follow zod's clone chain, so `.describe()` on a reference keeps the tag.
 */
const referenceRegistry = z.registry<{ readonly kind: ReferenceKind }>();

/** Ids are opaque to the model; this keeps junk (spaces, quotes, prose) out of id fields. */
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

function referenceSchema(kind: ReferenceKind, description: string) {
  const schema = z.string().trim().min(1).max(limits.id).regex(ID_PATTERN).describe(description);
  referenceRegistry.add(schema, { kind });
  return schema;
}

/** Id parameters that reference the user's entities. */
export const ref = Object.freeze({
  identity: (description = "The id of one of the user's identities.") =>
    referenceSchema("identity", description),
  userNote: (description = "The id of one of the user's notes.") =>
    referenceSchema("user_note", description),
});

/** The entity kind a schema references, if it was built with `ref`. */
export function referenceKindOf(schema: z.core.$ZodType): ReferenceKind | undefined {
  return referenceRegistry.get(schema)?.kind;
}
