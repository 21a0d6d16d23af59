// What the procedures call on the server's parts, each as the narrow interface they use. The
// server composes the implementations (apps/server/src/runtime.ts) and hands them to
// `createContextFactory`; the api builds nothing itself, and a test can hand it any
// implementation. The property names are the ones the routers read from `ctx.runtime`.
import type { Phase } from "@trellis/actions";
import type { NewPromptVersion, TurnRequest, UsageQuery } from "@trellis/ai";
import type { ActionEventMessage, ActionOutcome, TurnResult, UsageRow } from "@trellis/contract";
import type { Db, Prompt } from "@trellis/db";
import type { ActionRequest, EventBus } from "@trellis/engine";

/** The coach turn behind `chat.send` and `chat.stream` (with `events` and `stop`). */
export interface TurnService {
  send(request: TurnRequest): Promise<TurnResult>;
}

/** The action pipeline (`actions.execute`, `pending.*`) and the persisted events it wrote. */
interface ActionService {
  execute(request: ActionRequest): Promise<ActionOutcome>;
  approvePending(
    userId: string,
    pendingActionId: string,
    options?: { params?: unknown; idempotencyKey?: string },
  ): Promise<ActionOutcome>;
  rejectPending(userId: string, pendingActionId: string): Promise<ActionOutcome>;
  /** Events after `afterId`, oldest first: how a reconnecting subscriber catches up. */
  eventsSince(userId: string, afterId: bigint, limit?: number): Promise<ActionEventMessage[]>;
}

/**
 * Wake-ups for `events.subscribe`, signals between processes (a turn's stop) and, for
 * `health`, whether they can arrive.
 */
type LiveEvents = Pick<EventBus, "subscribe" | "onResume" | "connected" | "signal" | "onSignal">;

/** Versioned phase prompts (`admin.prompts.*`). */
interface PromptService {
  list(phase?: Phase): Promise<Prompt[]>;
  createVersion(input: NewPromptVersion): Promise<Prompt>;
  activate(phase: Phase, version: number): Promise<Prompt>;
}

/** The model usage ledger's sums (`admin.usage`). */
interface UsageService {
  summarize(query: UsageQuery): Promise<UsageRow[]>;
}

/** Everything the procedures reach through `ctx.runtime`. */
export interface ApiRuntime {
  /** The reads procedures make themselves (state, history, audit log, tokens, scenarios). */
  db: Db;
  turn: TurnService;
  engine: ActionService;
  bus: LiveEvents;
  prompts: PromptService;
  usage: UsageService;
}
