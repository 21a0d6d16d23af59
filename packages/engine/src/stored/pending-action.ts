// A pending confirmation row (`PendingAction`) as clients read it.
import { catalog, currentType } from "@trellis/actions";
import { type PendingActionDto, type PendingStatus, pendingStatuses } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import type { PendingAction } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

export function pendingActionDto(row: PendingAction): PendingActionDto {
  return {
    id: row.id,
    actionId: row.actionId,
    type: row.type,
    title: titleOf(row.type),
    params: toJson(row.params),
    status: readPendingStatus(row.status),
    chatMessageId: row.chatMessageId,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
  } satisfies EveryColumn<PendingAction, "userId", "title">;
}

/** The action's title; stored rows may name it by an old name (`renamedFrom`). */
function titleOf(type: string): string {
  const current = currentType(type);
  return current === undefined ? type : catalog[current].title;
}

function readPendingStatus(status: string): PendingStatus {
  return pendingStatuses.find((known) => known === status) ?? "pending";
}
