import type { Handler } from "../handler.ts";
import { findIdentity } from "../identities.ts";

export const addIdentityNote: Handler<"add_identity_note"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
  if (identity.notes.includes(params.note)) {
    return {
      result: { identityId: identity.id, added: false },
      summary: `Note already on identity '${identity.name}'`,
    };
  }
  await ctx.tx.identity.update({
    where: { id: identity.id },
    data: { notes: { push: params.note } },
  });
  return {
    result: { identityId: identity.id, added: true },
    summary: `Added a note to identity '${identity.name}'`,
  };
};
