// The server's router as a client sees it: the procedures of ./wire-types.ts (spelled out, no
// server context) under the server's error shape and transformer.
import type { ApiErrorShape } from "@trellis/contract";
import type { inferRouterInputs, inferRouterOutputs, TRPCBuiltRouter } from "@trpc/server";
import type { procedures } from "./wire-types.ts";

export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ApiErrorShape; transformer: true },
  typeof procedures
>;

/** Every procedure's input, e.g. `RouterInputs["chat"]["send"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs["state"]["get"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
