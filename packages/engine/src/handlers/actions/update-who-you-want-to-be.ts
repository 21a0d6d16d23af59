import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const updateWhoYouWantToBe: Handler<"update_who_you_want_to_be"> = async (ctx, params) => {
  await updateCoachState(ctx, { whoYouWantToBe: params.items });
  return {
    result: { items: params.items },
    summary: `Who you want to be: ${params.items.length} items`,
  };
};
