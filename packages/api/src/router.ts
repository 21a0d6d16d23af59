// The application router: it implements the wire contract (@trellis/contract). Every
// procedure's output is a named type of the contract, so the router type the client sees is
// built from plain named types, never from Prisma's.
import type { ApiVersion, Health } from "@trellis/contract";
import { checkHealth } from "./health.ts";
import { accountRouter } from "./routers/account.ts";
import { actionsRouter } from "./routers/actions.ts";
import { adminRouter } from "./routers/admin.ts";
import { chatRouter } from "./routers/chat.ts";
import { eventsRouter } from "./routers/events.ts";
import { pendingRouter } from "./routers/pending.ts";
import { stateRouter } from "./routers/state.ts";
import { publicProcedure, router } from "./trpc.ts";
import { API_VERSION } from "./version.ts";

export const appRouter = router({
  /** Without authentication, like apiVersion. */
  health: publicProcedure.query(
    ({ ctx }): Promise<Health> => checkHealth(ctx.runtime.db, ctx.runtime.bus),
  ),
  /** The wire contract's version, without authentication: clients check it before anything. */
  apiVersion: publicProcedure.query((): ApiVersion => ({ api: API_VERSION })),
  account: accountRouter,
  chat: chatRouter,
  state: stateRouter,
  actions: actionsRouter,
  pending: pendingRouter,
  events: eventsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
