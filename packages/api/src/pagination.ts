// Cursor pagination, newest first, for every list a client pages through. The cursor is the id
// of the last item of the previous page; rows are ordered by (createdAt, id) descending, so a
// page boundary between rows with the same createdAt neither repeats nor skips one.
import type { Page } from "@trellis/contract";
import { notFound } from "./errors.ts";
import { id, pageLimit } from "./inputs.ts";

/** The input fields of a paged list: spread them into the procedure's input object. */
export const pageInput = {
  /** `nextCursor` of the previous page; absent for the newest items. */
  cursor: id.optional(),
  limit: pageLimit,
};

interface Anchor {
  id: string;
  createdAt: Date;
}

/** A Prisma `where` fragment: rows after the anchor in newest-first order (or every row). */
type AfterCursor =
  | { OR: [{ createdAt: { lt: Date } }, { createdAt: Date; id: { lt: string } }] }
  | Record<string, never>;

export const newestFirst: [{ createdAt: "desc" }, { id: "desc" }] = [
  { createdAt: "desc" },
  { id: "desc" },
];

export interface CursorPageOptions<Row extends Anchor, Item> {
  cursor: string | undefined;
  limit: number;
  /** What an item is, for the "not found" message of an unknown cursor. */
  noun: string;
  /** The cursor's row, if the subject may see it. */
  findAnchor(id: string): Promise<Anchor | null>;
  /** Up to `take` rows matching `after`, ordered by `newestFirst`. */
  findRows(query: { after: AfterCursor; take: number }): Promise<Row[]>;
  toItem(row: Row): Item;
}

export async function cursorPage<Row extends Anchor, Item extends { id: string }>(
  options: CursorPageOptions<Row, Item>,
): Promise<Page<Item>> {
  let after: AfterCursor = {};
  if (options.cursor !== undefined) {
    const anchor = await options.findAnchor(options.cursor);
    if (!anchor) throw notFound(`No ${options.noun} with id ${options.cursor}`);
    after = {
      OR: [
        { createdAt: { lt: anchor.createdAt } },
        { createdAt: anchor.createdAt, id: { lt: anchor.id } },
      ],
    };
  }
  // One row more than a page tells whether there is a next page.
  const rows = await options.findRows({ after, take: options.limit + 1 });
  const items = rows.slice(0, options.limit).map(options.toItem);
  return {
    items,
    nextCursor: rows.length > options.limit ? (items.at(-1)?.id ?? null) : null,
  };
}
