import type { SameKeys } from "@trellis/contract/schemas";
import { z } from "zod";

/**
 * A check on an object literal read from a row: it names every column of `Row` except the
 * `Omitted` ones, plus the `Added` fields it derives (`{ … } satisfies EveryColumn<Identity,
 * "userId">`). A column added to the schema then fails the type check of every reader that
 * neither maps it nor says it leaves it out, instead of being dropped silently on the way to a
 * client or a snapshot.
 */
export type EveryColumn<Row, Omitted extends keyof Row = never, Added extends string = never> = {
  [K in Exclude<keyof Row, Omitted> | Added]: unknown;
};

/**
 * `rowSchemaOf<Row, Omitted>()(schema)`: a zod schema reading a row (or a copy of one) that names
 * every column of `Row` but the `Omitted` ones, checked like `EveryColumn`. Readers that need a
 * few columns `.pick()` them from it, so each column is described once.
 */
export function rowSchemaOf<Row, Omitted extends keyof Row = never>() {
  return <S extends z.ZodType>(schema: S & SameKeys<z.output<S>, Omit<Row, Omitted>>): S => schema;
}

/** A scalar list column: Prisma stores NULL for none and reads it as []; raw reads must too. */
export const storedList = z
  .array(z.string())
  .nullable()
  .transform((items) => items ?? []);

/**
 * A `timestamp(3)` column: a Date from a raw query, or, inside JSON (`row_to_json`), UTC text
 * without a zone.
 */
export const storedTimestamp = z.union([
  z.date(),
  z.string().transform((text) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`)),
]);
