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

export const updateUserNote: Handler<"update_user_note"> = async (ctx, params) => {
  // Ownership was checked by the pipeline; the scoped `where` keeps this safe on its own too.
  await ctx.tx.userNote.updateMany({
    where: { id: params.noteId, userId: ctx.userId },
    data: { note: params.note },
  });
  return { result: { noteId: params.noteId }, summary: `Updated note: ${params.note}` };
};

export const deleteUserNote: Handler<"delete_user_note"> = async (ctx, params) => {
  await ctx.tx.userNote.deleteMany({ where: { id: params.noteId, userId: ctx.userId } });
  return { result: { noteId: params.noteId }, summary: "Deleted a note" };
};
