// `shapeOf<T>()(schema)`: a zod schema that reads stored JSON back as T, checked both ways. Its
// output must be assignable to T, and it must name exactly T's keys: a field added to T (or
// dropped from it) fails the type check here until the schema handles it, instead of being
// silently dropped when a stored value is read back.
import type { z } from "zod";

type KeyMismatch<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;

/** `unknown` when the keys match; otherwise a type naming the keys that do not. */
export type SameKeys<A, B> = [KeyMismatch<A, B>] extends [never]
  ? unknown
  : { "keys the schema and the type disagree on": KeyMismatch<A, B> };

export function shapeOf<T>() {
  return <S extends z.ZodType<T>>(schema: S & SameKeys<z.output<S>, T>): S => schema;
}
