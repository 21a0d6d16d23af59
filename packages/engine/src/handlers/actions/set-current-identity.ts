import type { Handler } from "../handler.ts";
import { findIdentity, setCurrentIdentityId } from "../identities.ts";

export const setCurrentIdentity: Handler<"set_current_identity"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
  await setCurrentIdentityId(ctx, identity.id);
  return {
    result: { identityId: identity.id },
    summary: `Current identity is now '${identity.name}'`,
  };
};
