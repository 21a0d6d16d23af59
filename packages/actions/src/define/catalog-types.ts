import type { z } from "zod";
import type { AnyActionDefinition } from "./define-action.ts";

/**
 * Type-level derivations over any catalog (the real one, or a fixture in tests). They are flat
 * mapped types indexed by action type: no recursion, so their cost grows linearly with the catalog.
 */

/** A catalog: action definitions keyed by their type. */
export type AnyCatalog = { readonly [type: string]: AnyActionDefinition };

export type ActionTypeOf<C extends AnyCatalog> = keyof C & string;

/** Params as handlers see them (parsed, transforms applied, optional fields possibly absent). */
export type ParamsMapOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: z.output<C[T]["params"]>;
};
/** Params as callers may send them (before parsing). */
export type ParamsInputMapOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: z.input<C[T]["params"]>;
};
/**
 * Params as the model sends them: required keys as callers send them; an optional key may also
 * be null (the strict wire form, where every key is present) or left out. The parse reads both
 * as absent. What a scripted or recorded coach writes, checked against the definitions.
 */
export type WireParamsMapOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: NullWhenOptional<z.input<C[T]["params"]>>;
};
type NullWhenOptional<P> = { [K in keyof P]: undefined extends P[K] ? P[K] | null : P[K] };
export type ResultMapOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: z.output<C[T]["result"]>;
};

/**
 * A validated action call. `CallOf<C>` is the discriminated union over every action;
 * `CallOf<C, T>` narrows it. Written as an indexed mapped type so that, for a generic `T`,
 * TypeScript simplifies it to `{ type: T; params: … }`.
 */
export type CallOf<C extends AnyCatalog, T extends ActionTypeOf<C> = ActionTypeOf<C>> = {
  [K in T]: { type: K; params: ParamsMapOf<C>[K] };
}[T];

/** Action types whose definition lists "coach" among its invokers. */
export type CoachActionTypeOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: "coach" extends C[T]["invokers"][number] ? T : never;
}[ActionTypeOf<C>];

/** Action types whose definition lists "user" among its invokers (what a client may send). */
export type UserActionTypeOf<C extends AnyCatalog> = {
  [T in ActionTypeOf<C>]: "user" extends C[T]["invokers"][number] ? T : never;
}[ActionTypeOf<C>];

/** Upper-case constant object: `{ CREATE_IDENTITY: "create_identity", … }`. */
export type ActionTypeConstantsOf<C extends AnyCatalog> = {
  readonly [T in ActionTypeOf<C> as Uppercase<T>]: T;
};

/** What a handler returns: the result data and a natural-language summary for the log and the model. */
type HandlerOutput<R> = { result: R; summary: string };

/**
 * The server's contract: one handler per action, typed by its definition. Function-typed
 * properties (not methods) so parameter types are checked strictly.
 */
export type HandlersOf<C extends AnyCatalog, Ctx> = {
  [T in ActionTypeOf<C>]: (
    ctx: Ctx,
    params: ParamsMapOf<C>[T],
  ) => Promise<HandlerOutput<ResultMapOf<C>[T]>>;
};
