import type { Handler } from "../handler.ts";

export const deleteUserNote: Handler<"delete_user_note"> = async (ctx, params) => {
  await ctx.tx.userNote.deleteMany({ where: { id: params.noteId, userId: ctx.userId } });
  return { result: { noteId: params.noteId }, summary: "Deleted a note" };
};
