// The wire types, spelled out: the router's procedures with their inputs and outputs, and
// each action's params and result, as plain object and literal types.
//
// Why: the server's declarations name its runtime (the router's context reaches Prisma, action
// params are zod-inferred types). Declaration emit writes an INFERRED type structurally, so the
// consts below come out of `tsc` as literal types; the declaration bundle (tsdown.config.ts)
// then inlines only small named leaf types (unions such as `Phase`, the `Json` alias, error
// shapes) and needs no `@trellis/*`, zod or Prisma declaration.
//
// This module is only ever imported with `import type`: its consts exist for their types and
// never run (`membersOf` has no implementation).
import type { ActionParams, ActionParamsInput, ActionResult, ActionType } from "@trellis/actions";
import type { AppRouter } from "@trellis/api";
import type { Json } from "@trellis/contract";
import type {
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure,
} from "@trpc/server";

type Leaf = string | number | boolean | bigint | symbol | null | undefined | Date;

/**
 * T with every named type replaced by its members, recursively. The recursion goes through an
 * indexed access of an anonymous object type: a resolved `Spelled<X>` is then an anonymous type
 * that declaration emit writes out (a conditional type's result keeps its alias). Unions of
 * literals keep their names (`Phase`, `ActionType` …): the declaration bundle inlines those (the
 * catalog's `ActionType` as the type of the SDK's own constants: tsdown.config.ts). A
 * type that is JSON already (zod-inferred params, the recursive `Json`) is kept as it is.
 */
type Spelled<T> = [T] extends [Json]
  ? T
  : T extends unknown
    ? {
        leaf: T;
        stream: T extends AsyncIterable<infer Y, infer R, infer N>
          ? AsyncIterable<Spelled<Y>, R, N>
          : never;
        object: { [K in keyof T]: Spelled<T[K]> };
      }[T extends Leaf ? "leaf" : T extends AsyncIterable<unknown> ? "stream" : "object"]
    : never;

/** The router's record (nested routers are nested records) with spelled-out procedures. */
type SpelledRecord<P> = {
  // Each procedure's input and output, without the server's meta and error shape (the router's
  // error shape is the client's). Written inline: an alias here would be kept by emit.
  query: P extends TRPCQueryProcedure<infer D>
    ? TRPCQueryProcedure<{ input: Spelled<D["input"]>; output: Spelled<D["output"]>; meta: object }>
    : never;
  mutation: P extends TRPCMutationProcedure<infer D>
    ? TRPCMutationProcedure<{
        input: Spelled<D["input"]>;
        output: Spelled<D["output"]>;
        meta: object;
      }>
    : never;
  subscription: P extends TRPCSubscriptionProcedure<infer D>
    ? TRPCSubscriptionProcedure<{
        input: Spelled<D["input"]>;
        output: Spelled<D["output"]>;
        meta: object;
      }>
    : never;
  record: { [K in keyof P]: SpelledRecord<P[K]> };
}[P extends TRPCQueryProcedure<infer _>
  ? "query"
  : P extends TRPCMutationProcedure<infer _>
    ? "mutation"
    : P extends TRPCSubscriptionProcedure<infer _>
      ? "subscription"
      : "record"];

/** Per action: its params (as handlers get them and as callers send them) and its result. */
type ActionTypes = {
  [T in ActionType]: {
    params: Spelled<ActionParams<T>>;
    paramsInput: Spelled<ActionParamsInput<T>>;
    result: Spelled<ActionResult<T>>;
  };
};

/** Declared, never implemented: only the inferred types of its calls are used. */
declare function membersOf<T>(): { [K in keyof T]: T[K] };

/** Every procedure of the server's router, by path. */
export const procedures = membersOf<SpelledRecord<AppRouter["_def"]["record"]>>();
/** Every action's params and result, by action type. */
export const actions = membersOf<ActionTypes>();
