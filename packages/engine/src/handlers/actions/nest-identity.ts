import { ActionValidationError } from "../../errors.ts";
import type { Handler } from "../handler.ts";
import {
  ARCHIVED,
  advanceCurrent,
  findIdentity,
  mergeNotes,
  setCurrentIdentityId,
} from "../identities.ts";

export const nestIdentity: Handler<"nest_identity"> = async (ctx, params) => {
  if (params.nestedIdentityId === params.parentIdentityId) {
    throw new ActionValidationError(ctx.actionType, "An identity cannot be nested in itself", [
      { path: "parentIdentityId", message: "must differ from nestedIdentityId" },
    ]);
  }
  const nested = await findIdentity(ctx, params.nestedIdentityId);
  const parent = await findIdentity(ctx, params.parentIdentityId);
  const copied = nested.notes.map((note) => `[from ${nested.name}] ${note}`);
  await ctx.tx.identity.update({
    where: { id: parent.id },
    data: { notes: mergeNotes(parent.notes, copied) },
  });
  await ctx.tx.identity.update({ where: { id: nested.id }, data: { state: ARCHIVED } });
  if (ctx.state.phase === "identity_commitment") {
    await advanceCurrent(ctx, "commitment");
  } else if (ctx.state.currentIdentityId === nested.id) {
    await setCurrentIdentityId(ctx, parent.id);
  }
  return {
    result: {
      parentIdentityId: parent.id,
      nestedIdentityId: nested.id,
      notesCopied: copied.length,
    },
    summary: `Nested '${nested.name}' into '${parent.name}' (${copied.length} notes copied) and archived '${nested.name}'`,
  };
};
