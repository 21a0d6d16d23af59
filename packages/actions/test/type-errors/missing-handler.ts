// Expected error: names combine_identities (the missing handler).
import type { ActionHandlers } from "../../src/index.ts";
import { type Ctx, complete } from "../types/handlers.ts";

const { combine_identities: _omitted, ...handlers } = complete;
export const server = handlers satisfies ActionHandlers<Ctx>;
