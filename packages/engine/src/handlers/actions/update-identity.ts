import { ActionValidationError } from "../../errors.ts";
import type { Handler } from "../handler.ts";
import { findByName, findIdentity } from "../identities.ts";

const updatableFields = ["name", "category", "iAmStatement", "visualization"] as const;

export const updateIdentity: Handler<"update_identity"> = async (ctx, params) => {
  const identity = await findIdentity(ctx, params.identityId);
  if (params.name !== undefined) {
    const clash = await findByName(ctx, params.name, identity.id);
    if (clash) {
      throw new ActionValidationError(ctx.actionType, `Another identity is named '${clash.name}'`, [
        { path: "name", message: "an identity with this name already exists" },
      ]);
    }
  }
  const changes = {
    ...(params.name !== undefined ? { name: params.name } : {}),
    ...(params.category !== undefined ? { category: params.category } : {}),
    ...(params.iAmStatement !== undefined ? { iAmStatement: params.iAmStatement } : {}),
    ...(params.visualization !== undefined ? { visualization: params.visualization } : {}),
  };
  const fields = updatableFields.filter((field) => changes[field] !== undefined);
  if (fields.length === 0) {
    return {
      result: { identityId: identity.id, updatedFields: [] },
      summary: `Nothing to update on '${identity.name}'`,
    };
  }
  const updated = await ctx.tx.identity.update({ where: { id: identity.id }, data: changes });
  return {
    result: { identityId: updated.id, updatedFields: fields },
    summary: `Updated ${fields.join(", ")} of identity '${updated.name}'`,
  };
};
