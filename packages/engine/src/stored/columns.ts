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
