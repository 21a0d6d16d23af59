// What procedures return: plain data types written out here, never Prisma's generated types, so
// the client's types stay small and cheap to check, and a schema change cannot silently change
// the API (the server's codecs are checked against these and the rows). Dates travel as Date
// (superjson). JSON columns are typed as `Json`.
import type { ActionType, Invoker, JsonObject, Phase } from "@trellis/actions";
import type { DetailedError } from "./errors.ts";
import type { Json } from "./json.ts";
import type { CoachComponent } from "./turn.ts";

export type Role = "user" | "admin";

export interface UserDto {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  createdAt: Date;
}

export interface CoachStateDto {
  phase: Phase;
  currentIdentityId: string | null;
  identityFocus: string | null;
  skippedCategories: string[];
  whoYouAre: string[];
  whoYouWantToBe: string[];
  askedQuestions: string[];
  updatedAt: Date;
}

export interface IdentityDto {
  id: string;
  name: string;
  category: string;
  state: string;
  notes: string[];
  iAmStatement: string | null;
  visualization: string | null;
  order: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserNoteDto {
  id: string;
  note: string;
  sourceMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const pendingStatuses = ["pending", "approved", "rejected"] as const;

export type PendingStatus = (typeof pendingStatuses)[number];

export interface PendingActionDto {
  id: string;
  actionId: string;
  type: string;
  /** The action's display title (the type itself for an unknown type). */
  title: string;
  params: Json;
  status: PendingStatus;
  chatMessageId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface StateDto {
  user: UserDto;
  state: CoachStateDto;
  identities: IdentityDto[];
  notes: UserNoteDto[];
  pending: PendingActionDto[];
}

export interface ChatMessageDto {
  id: string;
  role: "user" | "coach";
  content: string;
  component: CoachComponent | null;
  phase: string | null;
  promptVersion: number | null;
  createdAt: Date;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** An audit row's status (the log's `status` filter takes these). */
export const actionStatuses = [
  "started",
  "completed",
  "failed",
  "rejected",
  "pending_confirmation",
  "approved",
] as const;

export type ActionStatus = (typeof actionStatuses)[number];

export interface ActionLogEntryDto {
  id: string;
  type: string;
  params: Json;
  status: ActionStatus;
  invoker: Invoker;
  resultSummary: string | null;
  result: Json;
  error: DetailedError | null;
  chatMessageId: string | null;
  durationMs: number | null;
  testScenarioId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CatalogEntryDto {
  type: ActionType;
  title: string;
  icon: string;
  description: string;
  /** JSON Schema of the params as a caller sends them (optional keys may be absent). */
  params: JsonObject;
  invokers: readonly Invoker[];
  /** True: when the coach proposes it, the user approves or rejects it first. */
  confirmation: boolean;
  /** Phases whose coach may use it. */
  phases: readonly Phase[];
}

export interface PromptDto {
  id: string;
  phase: string;
  version: number;
  body: string;
  requiredContextKeys: string[];
  active: boolean;
  createdAt: Date;
}

export interface ScenarioDto {
  id: string;
  name: string;
  description: string | null;
  sourceUserId: string | null;
  /** The user instantiated from it (chat as it with `testScenarioId`), if any. */
  userId: string | null;
  /** What the snapshot holds, by kind. */
  counts: ScenarioCounts;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScenarioCounts {
  identities: number;
  notes: number;
  messages: number;
  actions: number;
  pending: number;
}

export interface TokenInfoDto {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The token this request was made with. */
  current: boolean;
}

export interface IssuedToken {
  /** The secret itself: shown once, never stored. */
  token: string;
  tokenId: string;
  userId: string;
  name: string;
}

export interface Health {
  status: "ok" | "degraded";
  db: boolean;
  /** False while live events cannot be delivered (the bus is reconnecting). */
  events: boolean;
}

/** The wire contract's version the server speaks (`apiVersion`). */
export interface ApiVersion {
  api: number;
}
