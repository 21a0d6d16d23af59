// What procedures return: plain data types written out here, never Prisma's generated types, so
// the client's types stay small and cheap to check, and a schema change cannot silently change
// the API. Dates travel as Date (superjson). JSON columns are typed as `Json`.
import {
  type ActionType,
  catalog,
  currentType,
  type Invoker,
  type JsonObject,
  type Phase,
  phaseSchema,
} from "@trellis/actions";
import type { CoachComponent, Confirmation } from "@trellis/ai";
import type {
  Action,
  ChatMessage,
  CoachState,
  Identity,
  PendingAction,
  Prompt,
  TestScenario,
  User,
  UserNote,
} from "@trellis/db";
import { type DetailedError, type Json, toJson } from "@trellis/engine";
import type { Role } from "./tokens.ts";

export type { Json };

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

export type PendingStatus = "pending" | "approved" | "rejected";

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

export type ActionStatus =
  | "started"
  | "completed"
  | "failed"
  | "rejected"
  | "pending_confirmation"
  | "approved";

export const actionStatuses: readonly ActionStatus[] = [
  "started",
  "completed",
  "failed",
  "rejected",
  "pending_confirmation",
  "approved",
];

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

// ---------------------------------------------------------------------------------------------

export function userDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role === "admin" ? "admin" : "user",
    createdAt: user.createdAt,
  };
}

export function coachStateDto(state: CoachState): CoachStateDto {
  return {
    phase: phaseSchema.catch("introduction").parse(state.phase),
    currentIdentityId: state.currentIdentityId,
    identityFocus: state.identityFocus,
    skippedCategories: state.skippedCategories,
    whoYouAre: state.whoYouAre,
    whoYouWantToBe: state.whoYouWantToBe,
    askedQuestions: state.askedQuestions,
    updatedAt: state.updatedAt,
  };
}

export function identityDto(identity: Identity): IdentityDto {
  return {
    id: identity.id,
    name: identity.name,
    category: identity.category,
    state: identity.state,
    notes: identity.notes,
    iAmStatement: identity.iAmStatement,
    visualization: identity.visualization,
    order: identity.order,
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
}

export function userNoteDto(note: UserNote): UserNoteDto {
  return {
    id: note.id,
    note: note.note,
    sourceMessageId: note.sourceMessageId,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

/** The action's title; stored rows may name it by an old name (`renamedFrom`). */
function titleOf(type: string): string {
  const current = currentType(type);
  return current === undefined ? type : catalog[current].title;
}

export function pendingActionDto(pending: PendingAction): PendingActionDto {
  return {
    id: pending.id,
    actionId: pending.actionId,
    type: pending.type,
    title: titleOf(pending.type),
    params: toJson(pending.params),
    status: pendingStatus(pending.status),
    chatMessageId: pending.chatMessageId,
    createdAt: pending.createdAt,
    resolvedAt: pending.resolvedAt,
  };
}

export function chatMessageDto(message: ChatMessage): ChatMessageDto {
  return {
    id: message.id,
    role: message.role === "coach" ? "coach" : "user",
    content: message.content,
    component: componentOf(message.component),
    phase: message.phase,
    promptVersion: message.promptVersion,
    createdAt: message.createdAt,
  };
}

export function actionLogEntryDto(action: Action): ActionLogEntryDto {
  return {
    id: action.id,
    type: action.type,
    params: toJson(action.params),
    status: actionStatus(action.status),
    invoker: invokerOf(action.invoker),
    resultSummary: action.resultSummary,
    result: toJson(action.result),
    error: detailedErrorOf(action.error),
    chatMessageId: action.chatMessageId,
    durationMs: action.durationMs,
    testScenarioId: action.testScenarioId,
    createdAt: action.createdAt,
    updatedAt: action.updatedAt,
  };
}

export function promptDto(prompt: Prompt): PromptDto {
  return {
    id: prompt.id,
    phase: prompt.phase,
    version: prompt.version,
    body: prompt.body,
    requiredContextKeys: prompt.requiredContextKeys,
    active: prompt.active,
    createdAt: prompt.createdAt,
  };
}

export function scenarioDto(scenario: TestScenario, counts: ScenarioCounts): ScenarioDto {
  return {
    id: scenario.id,
    name: scenario.name,
    description: scenario.description,
    sourceUserId: scenario.sourceUserId,
    userId: scenario.userId,
    counts,
    createdAt: scenario.createdAt,
    updatedAt: scenario.updatedAt,
  };
}

// --- reading JSON columns back into typed shapes (checked, never asserted) -------------------

function pendingStatus(status: string): PendingStatus {
  return status === "approved" || status === "rejected" ? status : "pending";
}

function actionStatus(status: string): ActionStatus {
  return actionStatuses.find((known) => known === status) ?? "failed";
}

function invokerOf(invoker: string): Invoker {
  return invoker === "coach" || invoker === "system" ? invoker : "user";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const errorKinds = ["validation", "not_allowed", "not_found", "service", "execution"] as const;

function detailedErrorOf(value: unknown): DetailedError | null {
  if (!isRecord(value)) return null;
  const { name, kind, message, actionType, fieldErrors, cause } = value;
  const knownKind = errorKinds.find((k) => k === kind);
  if (typeof name !== "string" || typeof message !== "string" || !knownKind) return null;
  const detail: DetailedError = {
    name,
    kind: knownKind,
    message,
    actionType: typeof actionType === "string" ? actionType : "unknown",
  };
  if (Array.isArray(fieldErrors)) {
    detail.fieldErrors = fieldErrors.flatMap((f) =>
      isRecord(f) && typeof f.path === "string" && typeof f.message === "string"
        ? [{ path: f.path, message: f.message }]
        : [],
    );
  }
  if (isRecord(cause) && typeof cause.name === "string" && typeof cause.message === "string") {
    detail.cause = {
      name: cause.name,
      message: cause.message,
      ...(typeof cause.code === "string" ? { code: cause.code } : {}),
    };
  }
  return detail;
}

function componentOf(value: unknown): CoachComponent | null {
  if (!isRecord(value)) return null;
  const component: CoachComponent = {};
  if (Array.isArray(value.quickReplies)) {
    component.quickReplies = value.quickReplies.filter((r): r is string => typeof r === "string");
  }
  if (Array.isArray(value.confirmations)) {
    component.confirmations = value.confirmations.flatMap((c): Confirmation[] =>
      isRecord(c) &&
      typeof c.pendingActionId === "string" &&
      typeof c.actionType === "string" &&
      typeof c.title === "string"
        ? [
            {
              pendingActionId: c.pendingActionId,
              actionType: c.actionType,
              title: c.title,
              params: toJson(c.params),
            },
          ]
        : [],
    );
  }
  return component;
}
