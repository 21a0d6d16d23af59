import { z } from "zod";

/**
 * Minimal structural view of zod schemas, for the walks that follow a params schema alongside a
 * value (null → absent, unknown keys, entity references). Uses zod's core classes, so schemas
 * from `zod` and `zod/mini` both work.
 */
export type Schema = z.core.$ZodType;

/** The schema a wrapper (optional, nullable, default, pipe input …) wraps, if it is one. */
function innerOf(schema: Schema): Schema | undefined {
  if (
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodPrefault ||
    schema instanceof z.core.$ZodNonOptional ||
    schema instanceof z.core.$ZodReadonly ||
    schema instanceof z.core.$ZodCatch
  ) {
    return schema._zod.def.innerType;
  }
  if (schema instanceof z.core.$ZodPipe) return schema._zod.def.in;
  return undefined;
}

/** Peels every wrapper that does not change the shape of the value. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let inner = innerOf(current); inner !== undefined; inner = innerOf(current)) current = inner;
  return current;
}

/** The schema and the wrappers around it, outermost first. */
export function* wrapperChain(schema: Schema): Generator<Schema> {
  for (
    let current: Schema | undefined = schema;
    current !== undefined;
    current = innerOf(current)
  ) {
    yield current;
  }
}

/** Absence is fine on input (optional or defaulted). */
export function isOptional(schema: Schema): boolean {
  return schema._zod.optin !== undefined;
}

/** `null` is a real value for this schema (nullable somewhere in its wrappers). */
export function acceptsNull(schema: Schema): boolean {
  for (const current of wrapperChain(schema)) {
    if (current instanceof z.core.$ZodNullable || current instanceof z.core.$ZodNull) return true;
  }
  return false;
}

/** An object schema's shape and whether it accepts keys beyond it. */
export function objectShape(
  schema: Schema,
): { shape: Readonly<Record<string, Schema>>; openKeys: boolean } | undefined {
  const target = unwrap(schema);
  if (!(target instanceof z.core.$ZodObject)) return undefined;
  const { shape, catchall } = target._zod.def;
  return { shape, openKeys: catchall !== undefined && !(catchall instanceof z.core.$ZodNever) };
}

export function arrayElement(schema: Schema): Schema | undefined {
  const target = unwrap(schema);
  return target instanceof z.core.$ZodArray ? target._zod.def.element : undefined;
}
