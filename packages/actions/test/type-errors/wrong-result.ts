// Expected error: names create_identity (its result is mistyped).
import type { ActionHandlers } from "../../src/index.ts";
import { type Ctx, complete } from "../types/handlers.ts";

export const server = {
  ...complete,
  create_identity: async () => ({ result: { identityId: 1, created: true }, summary: "" }),
} satisfies ActionHandlers<Ctx>;
