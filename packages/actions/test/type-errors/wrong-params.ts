// Expected error: names create_identity (its params are mistyped).
import type { ActionHandlers } from "../../src/index.ts";
import { type Ctx, complete } from "../types/handlers.ts";

export const server = {
  ...complete,
  create_identity: async (_ctx: Ctx, params: { name: number }) => ({
    result: { identityId: String(params.name), created: true },
    summary: "",
  }),
} satisfies ActionHandlers<Ctx>;
