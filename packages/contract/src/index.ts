// @trellis/contract: the wire contract, the one home of every type a client sees. The server
// implements it (procedures return these types; the codecs that read rows and stored JSON are
// checked against them) and the SDK re-exports it whole. Isomorphic and types-only, apart from
// a few literal lists the types are derived from; zod schemas of the stored-JSON shapes are in
// the `./schemas` entry, which clients never load.
// The `@public` names reach clients only through the SDK's `export type *`, which the
// unused-export check does not follow.
export type {
  /** @public */
  IdentityCategory,
  /** @public */
  IdentityState,
  Invoker,
  Phase,
  /** @public */
  QuestionKey,
  /** @public */
  RejectedAction,
} from "@trellis/actions";
export * from "./dto.ts";
export * from "./errors.ts";
export * from "./evals.ts";
export * from "./events.ts";
export * from "./json.ts";
export * from "./outcome.ts";
export * from "./turn.ts";
export * from "./turn-events.ts";
export * from "./usage.ts";
