// Reaches a handler only once the user has approved the suggestion (the coach's proposal is
// stored as a pending action): approving sets the statement, possibly as the user edited it.
import type { Handler } from "../handler.ts";
import { findIdentity } from "../identities.ts";

export const suggestIAmStatement: Handler<"suggest_i_am_statement"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
  await ctx.tx.identity.update({
    where: { id: identity.id },
    data: { iAmStatement: params.statement },
  });
  return {
    result: { identityId: identity.id, iAmStatement: params.statement },
    summary: `Set the I am statement of '${identity.name}': "${params.statement}"`,
  };
};
