import { type ReferenceKind, referenceKindOf } from "./define/refs.ts";
import { formatPath, type Path } from "./parse/problems.ts";
import { arrayElement, objectShape, type Schema, wrapperChain } from "./schema/zod-walk.ts";

/** An entity id found in an action's params; the server checks the user owns it. */
export interface EntityReference {
  readonly kind: ReferenceKind;
  readonly id: string;
  /** Where in the params, e.g. `identityIdA` or `items[2].identityId`. */
  readonly path: string;
}

/**
 * Every `ref.*` parameter present in (parsed) params, found by walking the params schema, so
 * ownership checks need no per-action code.
 */
export function collectReferences(schema: Schema, params: unknown): EntityReference[] {
  const found: EntityReference[] = [];
  walk(schema, params, [], found);
  return found;
}

function walk(schema: Schema, value: unknown, path: Path, found: EntityReference[]) {
  for (const layer of wrapperChain(schema)) {
    const kind = referenceKindOf(layer);
    if (kind !== undefined) {
      if (typeof value === "string") found.push({ kind, id: value, path: formatPath(path) });
      return;
    }
  }
  const object = objectShape(schema);
  if (object !== undefined) {
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(object.shape)) {
      if (Object.hasOwn(value, key)) walk(child, Reflect.get(value, key), [...path, key], found);
    }
    return;
  }
  const element = arrayElement(schema);
  if (element !== undefined && Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(element, item, [...path, index], found);
    });
  }
}

/** Where a params schema holds references, from the schema alone: `identityId`, `ids[]`. */
export function referenceSlots(schema: Schema): { path: string; kind: ReferenceKind }[] {
  const slots: { path: string; kind: ReferenceKind }[] = [];
  slotWalk(schema, "", slots);
  return slots;
}

function slotWalk(schema: Schema, path: string, slots: { path: string; kind: ReferenceKind }[]) {
  for (const layer of wrapperChain(schema)) {
    const kind = referenceKindOf(layer);
    if (kind !== undefined) {
      slots.push({ path, kind });
      return;
    }
  }
  const object = objectShape(schema);
  if (object !== undefined) {
    for (const [key, child] of Object.entries(object.shape)) {
      slotWalk(child, path === "" ? key : `${path}.${key}`, slots);
    }
    return;
  }
  const element = arrayElement(schema);
  if (element !== undefined) slotWalk(element, `${path}[]`, slots);
}
