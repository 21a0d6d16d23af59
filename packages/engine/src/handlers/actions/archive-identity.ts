import type { Handler } from "../handler.ts";
import {
  ARCHIVED,
  advanceCurrent,
  describeNext,
  findIdentity,
  setCurrentIdentityId,
} from "../identities.ts";

export const archiveIdentity: Handler<"archive_identity"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
  await ctx.tx.identity.update({ where: { id: identity.id }, data: { state: ARCHIVED } });
  let summary = `Archived identity '${identity.name}'.`;
  let currentIdentityId = ctx.state.currentIdentityId;
  if (ctx.state.phase === "identity_commitment") {
    const next = await advanceCurrent(ctx, "commitment");
    currentIdentityId = next?.id ?? null;
    summary += describeNext(next);
  } else if (currentIdentityId === identity.id) {
    await setCurrentIdentityId(ctx, null);
    currentIdentityId = null;
  }
  return { result: { identityId: identity.id, nextCurrentIdentityId: currentIdentityId }, summary };
};
