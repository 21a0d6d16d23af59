// Identity lookups and rules shared by several handlers. Every query is scoped to the acting
// user: an id of another user's identity behaves exactly like an id that does not exist.
import { type IdentityState, identityLifecycle } from "@trellis/actions";
import type { Identity } from "@trellis/db";
import { ActionNotFoundError, ActionValidationError } from "../errors.ts";
import { updateCoachState } from "./coach-state.ts";
import type { HandlerContext } from "./context.ts";

export const ARCHIVED: IdentityState = "archived";

/** The lifecycle steps that have an "accept" action, with the state an identity waits in. */
export const STEPS = {
  refinement: { pending: "accepted", done: "refinement_complete" },
  commitment: { pending: "refinement_complete", done: "commitment_complete" },
  i_am: { pending: "commitment_complete", done: "i_am_complete" },
  visualization: { pending: "i_am_complete", done: "visualization_complete" },
} as const satisfies Record<string, { pending: IdentityState; done: IdentityState }>;

export type Step = keyof typeof STEPS;

/** Widened to strings: states are read back from a text column. */
const LIFECYCLE: readonly string[] = identityLifecycle;

export function lifecycleRank(state: string): number {
  return LIFECYCLE.indexOf(state);
}

/** The acting user's identity; errors name the action being run (`ctx.actionType`). */
export async function findIdentity(
  ctx: HandlerContext,
  identityId: string,
  options: { allowArchived?: boolean } = {},
): Promise<Identity> {
  const identity =
    ctx.preloaded.takeIdentity(identityId) ??
    (await ctx.tx.identity.findFirst({ where: { id: identityId, userId: ctx.userId } }));
  if (!identity) {
    throw new ActionNotFoundError(ctx.actionType, `No identity with id ${identityId}`);
  }
  if (identity.state === ARCHIVED && !options.allowArchived) {
    throw new ActionValidationError(ctx.actionType, `Identity '${identity.name}' is archived`, [
      { path: "identityId", message: "identity is archived" },
    ]);
  }
  return identity;
}

/** A non-archived identity with the same name, compared case-insensitively. */
export async function findByName(
  ctx: HandlerContext,
  name: string,
  exceptId?: string,
): Promise<Identity | null> {
  return ctx.tx.identity.findFirst({
    where: {
      userId: ctx.userId,
      name: { equals: name, mode: "insensitive" },
      state: { not: ARCHIVED },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
  });
}

/** The oldest identity still waiting for `step`, or null. */
export async function nextPending(ctx: HandlerContext, step: Step): Promise<Identity | null> {
  return ctx.tx.identity.findFirst({
    where: { userId: ctx.userId, state: STEPS[step].pending },
    orderBy: [{ order: "asc" }, { createdAt: "asc" }],
  });
}

/** Makes the next identity pending `step` the current one (or none) and returns it. */
export async function advanceCurrent(ctx: HandlerContext, step: Step): Promise<Identity | null> {
  const next = await nextPending(ctx, step);
  await setCurrentIdentityId(ctx, next?.id ?? null);
  return next;
}

export async function setCurrentIdentityId(ctx: HandlerContext, id: string | null): Promise<void> {
  await updateCoachState(ctx, { currentIdentityId: id });
}

/** Appends notes not already present, keeping order. */
export function mergeNotes(existing: readonly string[], added: readonly string[]): string[] {
  const merged = [...existing];
  for (const note of added) if (!merged.includes(note)) merged.push(note);
  return merged;
}

export function describeNext(next: Identity | null): string {
  return next ? ` Current identity is now '${next.name}'.` : " No identity is pending this step.";
}
