// An identity row (`Identity`) as clients read it.
import type { IdentityDto } from "@trellis/contract";
import type { Identity } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

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
