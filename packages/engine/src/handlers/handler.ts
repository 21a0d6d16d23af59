import type { ActionHandlers, ActionType } from "@trellis/actions";
import type { HandlerContext } from "./context.ts";

/** The handler the catalog requires for action `T`, on the server's context. */
export type Handler<T extends ActionType> = ActionHandlers<HandlerContext>[T];
