// Everything the coach knows about a user at the start of a turn, read once. The prompt
// context is rendered from it; the scripted model reads it directly.
import {
  type IdentityCategory,
  identityCategories,
  identityCategorySchema,
  type Phase,
  phaseSchema,
  type QuestionKey,
  questionKeys,
} from "@trellis/actions";
import type { Db, Identity } from "@trellis/db";

export interface ConversationEntry {
  role: "user" | "coach";
  content: string;
  /** Result summaries of the actions a coach message carried. */
  actionSummaries: string[];
}

export interface PendingSuggestion {
  id: string;
  type: string;
  params: unknown;
}

export interface CoachSnapshot {
  userId: string;
  userName: string;
  phase: Phase;
  currentIdentityId: string | null;
  identityFocus: IdentityCategory | null;
  skippedCategories: IdentityCategory[];
  whoYouAre: string[];
  whoYouWantToBe: string[];
  askedQuestions: string[];
  identities: Identity[];
  userNotes: string[];
  pending: PendingSuggestion[];
  conversation: ConversationEntry[];
}

const RECENT_MESSAGES = 12;

export async function loadSnapshot(db: Db, userId: string): Promise<CoachSnapshot> {
  const prisma = db.prisma;
  const [user, state, identities, notes, pending, messages] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId } }),
    coachStateOf(db, userId),
    prisma.identity.findMany({
      where: { userId },
      orderBy: [{ order: "asc" }, { createdAt: "asc" }],
    }),
    prisma.userNote.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, take: 100 }),
    prisma.pendingAction.findMany({
      where: { userId, status: "pending" },
      orderBy: { createdAt: "asc" },
    }),
    prisma.chatMessage.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: RECENT_MESSAGES,
      include: { actions: { select: { resultSummary: true }, orderBy: { createdAt: "asc" } } },
    }),
  ]);
  const focus = identityCategorySchema.safeParse(state.identityFocus);
  return {
    userId,
    userName: user.firstName,
    phase: phaseSchema.catch("introduction").parse(state.phase),
    currentIdentityId: state.currentIdentityId,
    identityFocus: focus.success ? focus.data : null,
    skippedCategories: identityCategories.filter((c) => state.skippedCategories.includes(c)),
    whoYouAre: state.whoYouAre,
    whoYouWantToBe: state.whoYouWantToBe,
    askedQuestions: state.askedQuestions,
    identities,
    userNotes: notes.map((n) => n.note),
    pending: pending.map((p) => ({ id: p.id, type: p.type, params: p.params })),
    conversation: messages.reverse().map((m) => ({
      role: m.role === "coach" ? "coach" : "user",
      content: m.content,
      actionSummaries: m.actions.flatMap((a) => (a.resultSummary ? [a.resultSummary] : [])),
    })),
  };
}

/**
 * The user's coach state, created on first use. Not `upsert`: with an empty update Prisma runs
 * it as a transaction of four statements on every turn, for a row that exists after the first.
 */
async function coachStateOf(db: Db, userId: string) {
  const existing = await db.prisma.coachState.findUnique({ where: { userId } });
  if (existing) return existing;
  await db.prisma.coachState.createMany({ data: [{ userId }], skipDuplicates: true });
  return db.prisma.coachState.findUniqueOrThrow({ where: { userId } });
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
