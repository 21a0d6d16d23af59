import type { Handler } from "../handler.ts";
import { findByName } from "../identities.ts";

export const createIdentity: Handler<"create_identity"> = async (ctx, params) => {
  const existing = await findByName(ctx, params.name);
  if (existing) {
    return {
      result: { identityId: existing.id, created: false },
      summary: `Skipped: identity '${existing.name}' already exists`,
    };
  }
  const last = await ctx.tx.identity.findFirst({
    where: { userId: ctx.userId },
    orderBy: { order: "desc" },
    select: { order: true },
  });
  const identity = await ctx.tx.identity.create({
    data: {
      userId: ctx.userId,
      name: params.name,
      category: params.category,
      state: "proposed",
      notes: params.note ? [params.note] : [],
      order: (last?.order ?? 0) + 1,
    },
  });
  return {
    result: { identityId: identity.id, created: true },
    summary: `Created identity '${identity.name}' in category '${identity.category}'`,
  };
};
