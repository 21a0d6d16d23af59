// Long-term facts about the user, kept by the background note taker.
import type { Handler } from "../handler.ts";

export const addUserNote: Handler<"add_user_note"> = async (ctx, params) => {
  const existing = await ctx.tx.userNote.findFirst({
    where: { userId: ctx.userId, note: params.note },
  });
  if (existing) return { result: { noteId: existing.id }, summary: "Note already recorded" };
  const note = await ctx.tx.userNote.create({ data: { userId: ctx.userId, note: params.note } });
  return { result: { noteId: note.id }, summary: `Noted: ${params.note}` };
};
