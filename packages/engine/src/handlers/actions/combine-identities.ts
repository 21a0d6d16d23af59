import { ActionValidationError } from "../../errors.ts";
import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";
import { ARCHIVED, findIdentity, mergeNotes } from "../identities.ts";

export const combineIdentities: Handler<"combine_identities"> = async (ctx, params) => {
  if (params.identityIdA === params.identityIdB) {
    throw new ActionValidationError(ctx.actionType, "Cannot combine an identity with itself", [
      { path: "identityIdB", message: "must differ from identityIdA" },
    ]);
  }
  const a = await findIdentity(ctx, params.identityIdA);
  const b = await findIdentity(ctx, params.identityIdB);
  // Passions and talents is the catch-all category: when exactly one of the two is in it, the
  // more specific identity survives. Otherwise A, the one the coach named first, is kept.
  const aIsPassion = a.category === "passions_and_talents";
  const bIsPassion = b.category === "passions_and_talents";
  const [kept, archived] = aIsPassion && !bIsPassion ? [b, a] : [a, b];
  const name = `${a.name}/${b.name}`;
  await ctx.tx.identity.update({
    where: { id: kept.id },
    data: { name, notes: mergeNotes(kept.notes, archived.notes) },
  });
  await ctx.tx.identity.update({ where: { id: archived.id }, data: { state: ARCHIVED } });
  if (ctx.state.currentIdentityId === archived.id) {
    await updateCoachState(ctx, { currentIdentityId: kept.id });
  }
  return {
    result: { keptIdentityId: kept.id, archivedIdentityId: archived.id, name },
    summary: `Combined '${a.name}' and '${b.name}' into '${name}'; archived '${archived.name}'`,
  };
};
