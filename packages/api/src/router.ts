// The application router. Every procedure's output is an explicit named type (the DTOs in
// src/dto.ts, TurnResult from ai, ActionOutcome from engine, Health, ApiVersion), so the router
// type the client sees is built from plain named types, never from Prisma's.
import { checkHealth, type Health } from "./health.ts";
import { accountRouter } from "./routers/account.ts";
import { actionsRouter } from "./routers/actions.ts";
import { adminRouter } from "./routers/admin.ts";
import { chatRouter } from "./routers/chat.ts";
import { eventsRouter } from "./routers/events.ts";
import { pendingRouter } from "./routers/pending.ts";
import { stateRouter } from "./routers/state.ts";
import { publicProcedure, router } from "./trpc.ts";
import { API_VERSION, type ApiVersion } from "./version.ts";

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
