// Pending confirmations are stored under the action type they were proposed as. An action
// renamed without listing its old name in `renamedFrom`, or removed, leaves such rows naming no
// action: they can no longer be approved. Generation warns when an action vanishes, but only the
// database knows whether rows are waiting: the server looks when it starts, and approving one
// says what happened.
import { actionTypes, catalog } from "@trellis/actions";
import type { Db } from "@trellis/db";
import { ActionValidationError } from "../errors.ts";

export interface UnknownPendingType {
  /** The name the confirmations were proposed under. */
  readonly type: string;
  /** How many are still open (status `pending`). */
  readonly count: number;
}

/** Every name an open pending row may carry and still apply: the types and their old names. */
const knownNames: readonly string[] = actionTypes.flatMap((type) => [
  type,
  ...(catalog[type].renamedFrom ?? []),
]);

/** The names of open pending confirmations that no action has (now or as an old name). */
export async function unknownPendingTypes(db: Db): Promise<UnknownPendingType[]> {
  const groups = await db.prisma.pendingAction.groupBy({
    by: ["type"],
    where: { status: "pending", type: { notIn: [...knownNames] } },
    _count: { _all: true },
    orderBy: { type: "asc" },
  });
  return groups.map((group) => ({ type: group.type, count: group._count._all }));
}

/** What is wrong and what to do about it, for the server's log. */
export function unknownPendingAdvice({ type, count }: UnknownPendingType): string {
  const rows =
    count === 1 ? "1 open pending confirmation was" : `${count} open pending confirmations were`;
  return (
    `${rows} proposed as ${type}, which no action defines any more (renamed without ` +
    "renamedFrom, or removed): approving fails. If the action was renamed, list " +
    `"${type}" in its definition's renamedFrom to keep them valid.`
  );
}

/** Approving a pending row whose type no action has. */
export function unknownPendingError(pendingActionId: string, type: string): ActionValidationError {
  return new ActionValidationError(
    type,
    `Unknown action type '${type}': pending action ${pendingActionId} was proposed under this ` +
      "name, which no action defines any more (renamed without renamedFrom, or removed), so it " +
      `cannot be applied. If the action was renamed, list '${type}' in its definition's ` +
      "renamedFrom to apply it.",
  );
}
