/**
 * Type-level fixtures for the handler contract, checked by `tsc -p .` (never executed).
 * `handler<T>()` stands for a correctly typed handler of action T.
 */
import type { ActionHandlers, ActionType } from "../../src/index.ts";

export type Ctx = { readonly userId: string };

export declare function handler<T extends ActionType>(): ActionHandlers<Ctx>[T];

/**
 * A complete, correctly typed set of handlers, declared from the contract itself so that adding
 * an action to the catalog needs no edit here (only its definition and its server handler).
 */
export declare const complete: ActionHandlers<Ctx>;
