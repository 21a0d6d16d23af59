import type { AnyActionDefinition } from "../define/define-action.ts";
import { type StoredField, storedFieldTagOf } from "../define/stored-fields.ts";
import { objectShape, type Schema, wrapperChain } from "../schema/zod-walk.ts";

/**
 * The confirmation rule, stated once for every catalog: a stored field that a confirmed action
 * writes needs the user's confirmation whichever action writes it. An unconfirmed action may
 * still have a param for it (the user edits the field directly), but that param is the user's:
 * the model is not offered it and the engine refuses it from the coach. Otherwise the coach
 * could skip the confirmation through the other action (update_identity's iAmStatement did).
 */

/** A top-level param and the stored field it writes. */
export interface StoredFieldParam {
  readonly param: string;
  readonly field: StoredField;
}

/** A param the coach sent that writes a field only the user may confirm. */
export interface UnconfirmedWrite extends StoredFieldParam {
  /** The confirmed actions through which the coach may propose the value instead. */
  readonly confirmThrough: readonly string[];
}

/** The top-level params of a schema declared with `stores`, in shape order. */
export function storedFieldParams(params: Schema): StoredFieldParam[] {
  const object = objectShape(params);
  if (object === undefined) return [];
  const found: StoredFieldParam[] = [];
  for (const [param, schema] of Object.entries(object.shape)) {
    for (const layer of wrapperChain(schema)) {
      const field = storedFieldTagOf(layer);
      if (field !== undefined) {
        found.push({ param, field });
        break;
      }
    }
  }
  return found;
}

/** Every stored field a confirmed action writes, with the confirmed actions that write it. */
export function guardedFields(
  definitions: readonly AnyActionDefinition[],
): ReadonlyMap<StoredField, readonly string[]> {
  const guarded = new Map<StoredField, string[]>();
  for (const definition of definitions) {
    if (!definition.confirmation) continue;
    for (const { field } of storedFieldParams(definition.params)) {
      guarded.set(field, [...(guarded.get(field) ?? []), definition.type]);
    }
  }
  return guarded;
}

/**
 * The params of an action that the coach may not set: those of an unconfirmed action that write
 * a guarded field. (A confirmed action's own params are what the user confirms.)
 */
export function userOnlyParams(
  definition: AnyActionDefinition,
  guarded: ReadonlyMap<StoredField, readonly string[]>,
): UnconfirmedWrite[] {
  if (definition.confirmation) return [];
  return storedFieldParams(definition.params).flatMap(({ param, field }) => {
    const confirmThrough = guarded.get(field);
    return confirmThrough === undefined ? [] : [{ param, field, confirmThrough }];
  });
}
