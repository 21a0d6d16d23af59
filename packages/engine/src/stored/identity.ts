// An identity row (`Identity`) as clients read it.
import type { IdentityDto } from "@trellis/contract";
import type { Identity } from "@trellis/db";
import { z } from "zod";
import { type EveryColumn, rowSchemaOf, storedList, storedTimestamp } from "./columns.ts";

/** An identity row as a raw read returns it (`row_to_json`), every column checked. */
export const identityColumns = rowSchemaOf<Identity>()(
  z.object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    category: z.string(),
    state: z.string(),
    notes: storedList,
    iAmStatement: z.string().nullable(),
    visualization: z.string().nullable(),
    order: z.number(),
    createdAt: storedTimestamp,
    updatedAt: storedTimestamp,
  }),
);

export function identityDto(row: Identity): IdentityDto {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    state: row.state,
    notes: row.notes,
    iAmStatement: row.iAmStatement,
    visualization: row.visualization,
    order: row.order,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<Identity, "userId">;
}
