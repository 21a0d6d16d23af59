// Everything the coach knows about a user at the start of a turn, read once. The prompt
// context is rendered from it; the scripted model reads it directly.
import {
  type IdentityCategory,
  identityCategories,
  type QuestionKey,
  questionKeys,
} from "@trellis/actions";
import type { Db, Identity } from "@trellis/db";
import type { CoachStateView } from "@trellis/engine";
import { querySnapshot } from "./snapshot-query.ts";

interface ConversationEntry {
  role: "user" | "coach";
  content: string;
  /** Result summaries of the actions a coach message carried. */
  actionSummaries: string[];
}

interface PendingSuggestion {
  id: string;
  type: string;
  params: unknown;
}

/** The coach state as the pipeline reads it (the same rules), and what the prompt needs. */
export interface CoachSnapshot extends Omit<CoachStateView, "version"> {
  userName: string;
  identities: Identity[];
  userNotes: string[];
  pending: PendingSuggestion[];
  conversation: ConversationEntry[];
}

export async function loadSnapshot(db: Db, userId: string): Promise<CoachSnapshot> {
  let row = await querySnapshot(db, userId);
  if (row !== null && row.state === null) {
    // The user's first turn: create the coach state, then read again.
    await db.prisma.coachState.createMany({ data: [{ userId }], skipDuplicates: true });
    row = await querySnapshot(db, userId);
  }
  if (row === null || row.state === null) throw new Error(`No user with id ${userId}`);
  const { state } = row;
  return {
    userId,
    userName: row.firstName,
    phase: state.phase,
    currentIdentityId: state.currentIdentityId,
    identityFocus: state.identityFocus,
    skippedCategories: state.skippedCategories,
    whoYouAre: state.whoYouAre,
    whoYouWantToBe: state.whoYouWantToBe,
    askedQuestions: state.askedQuestions,
    identities: row.identities,
    userNotes: row.notes,
    pending: row.pending,
    conversation: row.messages.map((m) => ({
      role: m.role === "coach" ? "coach" : "user",
      content: m.content,
      actionSummaries: m.summaries,
    })),
  };
}

export function activeIdentities(snapshot: CoachSnapshot): Identity[] {
  return snapshot.identities.filter((identity) => identity.state !== "archived");
}

/** Brainstorming categories without an identity yet and not skipped, in order. */
export function categoriesRemaining(snapshot: CoachSnapshot): IdentityCategory[] {
  const covered = new Set(activeIdentities(snapshot).map((identity) => identity.category));
  return identityCategories.filter(
    (category) => !covered.has(category) && !snapshot.skippedCategories.includes(category),
  );
}

export function remainingQuestions(snapshot: CoachSnapshot): QuestionKey[] {
  return questionKeys.filter((key) => !snapshot.askedQuestions.includes(key));
}

export function currentIdentity(snapshot: CoachSnapshot): Identity | null {
  return snapshot.identities.find((identity) => identity.id === snapshot.currentIdentityId) ?? null;
}
