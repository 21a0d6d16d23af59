import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const updateWhoYouAre: Handler<"update_who_you_are"> = async (ctx, params) => {
  await updateCoachState(ctx, { whoYouAre: params.items });
  return { result: { items: params.items }, summary: `Who you are: ${params.items.length} items` };
};
