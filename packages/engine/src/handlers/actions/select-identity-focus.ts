// Category focus during brainstorming: one identity per category, in the catalog's order.

import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const selectIdentityFocus: Handler<"select_identity_focus"> = async (ctx, params) => {
  await updateCoachState(ctx, { identityFocus: params.category });
  return {
    result: { category: params.category },
    summary: `Focusing on category '${params.category}'`,
  };
};
