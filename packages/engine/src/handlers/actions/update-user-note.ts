import type { Handler } from "../handler.ts";

export const updateUserNote: Handler<"update_user_note"> = async (ctx, params) => {
  // Ownership was checked by the pipeline; the scoped `where` keeps this safe on its own too.
  await ctx.tx.userNote.updateMany({
    where: { id: params.noteId, userId: ctx.userId },
    data: { note: params.note },
  });
  return { result: { noteId: params.noteId }, summary: `Updated note: ${params.note}` };
};
