// The coach turn (`chat.send`): store the user message → build the phase prompt → call the
// model → parse, asking again with the precise problems (bounded) → store the coach message
// and the planned actions → apply them in order through the engine → return message,
// per-action outcomes, component and new state.
//
// Idempotency: with a key, the turn's progress is recorded (TurnRecord) at each stage, so a
// retry after a crash resumes instead of starting over: the user message is not stored twice,
// the model is not asked again once actions were planned, and each planned action carries its
// own idempotency key, so the engine applies none of them twice.
import {
  actionInstructions,
  formatProblemsForModel,
  type Phase,
  parseModelResponse,
  type RejectedAction,
  toolDefinitions,
} from "@trellis/actions";
import type { Db, Prisma } from "@trellis/db";
import { type ActionEngine, type ActionOutcome, type Json, toJson } from "@trellis/engine";
import { z } from "zod";
import type { CoachModel } from "../model/coach-model.ts";
import type { PromptStore } from "../prompts/prompt-store.ts";
import { renderTemplate } from "../prompts/template.ts";
import type { ChatMessage, ModelProvider } from "../providers/types.ts";
import { type CoachComponent, componentOf } from "./component.ts";
import { CoachTurnError } from "./errors.ts";
import { renderContext } from "./render-context.ts";
import { type CoachSnapshot, loadSnapshot } from "./snapshot.ts";
import { loadTurnState, type TurnState } from "./turn-state.ts";

export const MAX_USER_MESSAGE_CHARS = 4000;
/** The invalid reply echoed back to the model when asking again, at most. */
const MAX_ECHOED_REPLY_CHARS = 8000;

export interface TurnRequest {
  userId: string;
  message: string;
  idempotencyKey?: string;
  /** Use this prompt version instead of the phase's active one (prompt testing). */
  promptVersion?: number;
  testScenarioId?: string;
}

export type { TurnState } from "./turn-state.ts";

export interface TurnResult {
  userMessageId: string;
  coachMessage: {
    id: string;
    content: string;
    component: CoachComponent | null;
    phase: string;
    promptVersion: number;
  };
  actions: ActionOutcome[];
  /** Actions the model emitted that were invalid even after asking again. */
  rejected: RejectedAction[];
  /** Model calls this turn needed (1 when the first reply was valid). */
  attempts: number;
  state: TurnState;
  replayed: boolean;
}

export interface NoteTakerQueue {
  enqueue(job: { userId: string; messageId: string }): Promise<void>;
}

export interface CoachTurnOptions {
  db: Db;
  engine: ActionEngine;
  prompts: PromptStore;
  model: CoachModel;
  /** Model calls per turn, including the first (default 3). */
  maxAttempts?: number;
  noteTaker?: NoteTakerQueue;
  onBackgroundError?: (error: unknown) => void;
  /**
   * Tool-calling mode instead of structured outputs: each tool call is executed as it comes
   * and its summary (or one-line error) goes back to the model, for at most `maxSteps` calls.
   * Actions apply as the loop runs, so a model failure mid-loop keeps the earlier ones.
   */
  tools?: { provider: ModelProvider; maxSteps?: number };
}

const plannedAction = z.object({ type: z.string(), params: z.unknown() });
const turnStage = z.discriminatedUnion("stage", [
  z.object({ stage: z.literal("started"), userMessageId: z.string() }),
  z.object({
    stage: z.literal("planned"),
    userMessageId: z.string(),
    coachMessageId: z.string(),
    actions: z.array(plannedAction),
    rejected: z.array(z.unknown()),
    attempts: z.number(),
  }),
  z.object({ stage: z.literal("done"), result: z.unknown() }),
]);
type TurnStage = z.infer<typeof turnStage>;

export class CoachTurn {
  readonly #db: Db;
  readonly #engine: ActionEngine;
  readonly #prompts: PromptStore;
  readonly #model: CoachModel;
  readonly #maxAttempts: number;
  readonly #noteTaker: NoteTakerQueue | undefined;
  readonly #onBackgroundError: (error: unknown) => void;
  readonly #tools: CoachTurnOptions["tools"];

  constructor(options: CoachTurnOptions) {
    this.#db = options.db;
    this.#engine = options.engine;
    this.#prompts = options.prompts;
    this.#model = options.model;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#noteTaker = options.noteTaker;
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.#tools = options.tools;
  }

  async send(request: TurnRequest): Promise<TurnResult> {
    const text = request.message.trim();
    if (text === "") throw new CoachTurnError("invalid_input", "The message is empty");
    if (text.length > MAX_USER_MESSAGE_CHARS) {
      throw new CoachTurnError(
        "invalid_input",
        `The message is longer than ${MAX_USER_MESSAGE_CHARS} characters`,
      );
    }
    const record = request.idempotencyKey
      ? await this.#record(request.userId, request.idempotencyKey)
      : null;
    if (record?.stage.stage === "done") return replay(record.stage.result);

    const snapshot = await loadSnapshot(this.#db, request.userId);
    const phase = snapshot.phase;
    const prompt = await this.#prompts.forPhase(phase, request.promptVersion);

    let userMessageId: string;
    if (record) {
      userMessageId = record.stage.userMessageId;
    } else {
      userMessageId = await this.#storeUserMessage(request, text, phase);
    }

    if (this.#tools) {
      return this.#sendWithTools(
        request,
        text,
        userMessageId,
        snapshot,
        prompt,
        this.#tools,
        record !== null,
      );
    }

    let plan: Extract<TurnStage, { stage: "planned" }>;
    /** The coach message as stored by this call (a resumed turn reads it back instead). */
    let stored: { id: string; content: string; phase: Phase; promptVersion: number } | null = null;
    if (record?.stage.stage === "planned") {
      plan = record.stage;
    } else {
      const system = `${renderTemplate(prompt.body, renderContext(snapshot))}\n\n${actionInstructions(phase)}`;
      const reply = await this.#ask(
        phase,
        [
          { role: "system", content: system },
          { role: "user", content: text },
        ],
        snapshot,
        text,
      );
      plan = await this.#storePlan(request, userMessageId, reply, phase, prompt.version);
      stored = {
        id: plan.coachMessageId,
        content: reply.message,
        phase,
        promptVersion: prompt.version,
      };
    }

    const actions = await this.#engine.executeAll(
      plan.actions.map((action, index) => ({
        userId: request.userId,
        type: action.type,
        params: action.params,
        invoker: "coach" as const,
        chatMessageId: plan.coachMessageId,
        idempotencyKey: `turn:${plan.coachMessageId}:${index}`,
        ...(request.testScenarioId ? { testScenarioId: request.testScenarioId } : {}),
      })),
    );
    const component = componentOf(actions);
    const componentJson = component ? toJson(component) : null;
    // Without a component there is nothing to write, and nothing to read back unless resumed.
    const coach =
      componentJson === null && stored !== null
        ? stored
        : await this.#db.prisma.chatMessage.update({
            where: { id: plan.coachMessageId },
            data: componentJson === null ? {} : { component: componentJson },
          });
    const result: TurnResult = {
      userMessageId,
      coachMessage: {
        id: coach.id,
        content: coach.content,
        component,
        phase: coach.phase ?? phase,
        promptVersion: coach.promptVersion ?? prompt.version,
      },
      actions,
      rejected: plan.rejected.flatMap((r) => (isRejected(r) ? [r] : [])),
      attempts: plan.attempts,
      state: await loadTurnState(this.#db, request.userId),
      replayed: false,
    };
    return this.#finish(request, result, record !== null);
  }

  async #sendWithTools(
    request: TurnRequest,
    text: string,
    userMessageId: string,
    snapshot: CoachSnapshot,
    prompt: { body: string; version: number },
    tools: NonNullable<CoachTurnOptions["tools"]>,
    resumed: boolean,
  ): Promise<TurnResult> {
    const phase = snapshot.phase;
    const system = `${renderTemplate(prompt.body, renderContext(snapshot))}\n\n${actionInstructions(phase, "tools")}`;
    const coach = await this.#db.prisma.chatMessage.create({
      data: {
        userId: request.userId,
        role: "coach",
        content: "",
        phase,
        promptVersion: prompt.version,
      },
    });
    const outcomes: ActionOutcome[] = [];
    let reply: Awaited<ReturnType<ModelProvider["toolLoop"]>>;
    try {
      reply = await tools.provider.toolLoop({
        messages: [
          { role: "system", content: system },
          { role: "user", content: text },
        ],
        tools: toolDefinitions(phase),
        maxSteps: tools.maxSteps ?? 8,
        executeTool: async (call) => {
          // The engine validates (null → absent, phase, ownership) and audits every call.
          const outcome = await this.#engine.execute({
            userId: request.userId,
            type: call.name,
            params: parseArguments(call.arguments),
            invoker: "coach",
            chatMessageId: coach.id,
            idempotencyKey: `turn:${coach.id}:${outcomes.length}`,
            ...(request.testScenarioId ? { testScenarioId: request.testScenarioId } : {}),
          });
          outcomes.push(outcome);
          return outcome.summary;
        },
      });
    } catch (error) {
      await this.#db.prisma.chatMessage.delete({ where: { id: coach.id } });
      const message = error instanceof Error ? error.message : String(error);
      throw new CoachTurnError("model_failed", `The coach model failed: ${message}`, {
        cause: error,
      });
    }
    const component = componentOf(outcomes);
    const componentJson = component ? toJson(component) : null;
    const content =
      reply.message.trim() ||
      (outcomes.length > 0 ? outcomes.map((o) => o.summary).join("\n") : "");
    if (content === "") {
      await this.#db.prisma.chatMessage.delete({ where: { id: coach.id } });
      throw new CoachTurnError(
        "invalid_output",
        "The coach model replied with neither text nor actions",
      );
    }
    await this.#db.prisma.chatMessage.update({
      where: { id: coach.id },
      data: componentJson === null ? { content } : { content, component: componentJson },
    });
    const result: TurnResult = {
      userMessageId,
      coachMessage: { id: coach.id, content, component, phase, promptVersion: prompt.version },
      actions: outcomes,
      rejected: [],
      attempts: reply.steps,
      state: await loadTurnState(this.#db, request.userId),
      replayed: false,
    };
    return this.#finish(request, result, resumed);
  }

  /** Records the finished turn for replays, and hands a new user message to the note taker. */
  async #finish(request: TurnRequest, result: TurnResult, resumed: boolean): Promise<TurnResult> {
    if (request.idempotencyKey) {
      await this.#db.prisma.turnRecord.update({
        where: {
          userId_idempotencyKey: { userId: request.userId, idempotencyKey: request.idempotencyKey },
        },
        data: { response: { stage: "done", result: toJson(result) } },
      });
    }
    if (!resumed) this.#takeNotes(request.userId, result.userMessageId);
    return result;
  }

  async #ask(phase: Phase, messages: ChatMessage[], snapshot: CoachSnapshot, userMessage: string) {
    let parsed = null;
    let attempts = 0;
    const conversation = [...messages];
    while (attempts < this.#maxAttempts) {
      let raw: string;
      try {
        raw = await this.#model.respond({
          phase,
          messages: conversation,
          snapshot,
          userMessage,
          attempt: attempts,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new CoachTurnError("model_failed", `The coach model failed: ${message}`, {
          cause: error,
        });
      }
      attempts++;
      parsed = parseModelResponse(phase, raw);
      if (parsed.ok) break;
      conversation.push(
        { role: "assistant", content: raw.slice(0, MAX_ECHOED_REPLY_CHARS) },
        {
          role: "user",
          content:
            "Your previous reply could not be used as it was:\n" +
            `${formatProblemsForModel(parsed.problems)}\n` +
            "Reply again with the complete JSON object, following the schema exactly.",
        },
      );
    }
    if (!parsed || parsed.message === null) {
      throw new CoachTurnError(
        "invalid_output",
        `The coach model gave no usable reply after ${attempts} attempts`,
      );
    }
    // Still invalid after the last attempt: apply the valid part, report the rest.
    return {
      message: parsed.message,
      actions: parsed.actions,
      rejected: parsed.rejected,
      attempts,
    };
  }

  async #storeUserMessage(request: TurnRequest, text: string, phase: Phase): Promise<string> {
    return this.#writeWithRecord(request, async (tx) => {
      const message = await tx.chatMessage.create({
        data: { userId: request.userId, role: "user", content: text, phase },
        select: { id: true },
      });
      if (request.idempotencyKey) {
        await tx.turnRecord.create({
          data: {
            userId: request.userId,
            idempotencyKey: request.idempotencyKey,
            response: { stage: "started", userMessageId: message.id },
          },
        });
      }
      return message.id;
    });
  }

  /**
   * A write that must commit together with its turn record runs in a transaction; without a
   * record (no idempotency key) it is a single statement and needs none.
   */
  #writeWithRecord<T>(
    request: TurnRequest,
    write: (tx: Prisma.TransactionClient) => Promise<T>,
  ): Promise<T> {
    return request.idempotencyKey ? this.#db.prisma.$transaction(write) : write(this.#db.prisma);
  }

  async #storePlan(
    request: TurnRequest,
    userMessageId: string,
    reply: {
      message: string;
      actions: Array<{ type: string; params: unknown }>;
      rejected: RejectedAction[];
      attempts: number;
    },
    phase: Phase,
    promptVersion: number,
  ): Promise<Extract<TurnStage, { stage: "planned" }>> {
    return this.#writeWithRecord(request, async (tx) => {
      const coach = await tx.chatMessage.create({
        data: {
          userId: request.userId,
          role: "coach",
          content: reply.message,
          phase,
          promptVersion,
        },
      });
      const plan = {
        stage: "planned" as const,
        userMessageId,
        coachMessageId: coach.id,
        actions: reply.actions.map((a) => ({ type: a.type, params: toJson(a.params) })),
        rejected: reply.rejected.map((r) => toJson(r)),
        attempts: reply.attempts,
      };
      if (request.idempotencyKey) {
        await tx.turnRecord.update({
          where: {
            userId_idempotencyKey: {
              userId: request.userId,
              idempotencyKey: request.idempotencyKey,
            },
          },
          data: { response: plan },
        });
      }
      return plan;
    });
  }

  async #record(userId: string, idempotencyKey: string) {
    const row = await this.#db.prisma.turnRecord.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
    });
    if (!row) return null;
    const stage = turnStage.safeParse(row.response);
    if (!stage.success) throw new CoachTurnError("busy", "The stored turn record is unreadable");
    return { id: row.id, stage: stage.data };
  }

  #takeNotes(userId: string, messageId: string): void {
    // Off the request path: the reply never waits for, or fails because of, the note taker.
    this.#noteTaker?.enqueue({ userId, messageId }).catch(this.#onBackgroundError);
  }
}

/** Tool arguments are JSON text; anything unparsable reaches the engine as-is and fails validation. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function replay(stored: unknown): TurnResult {
  const parsed = storedResult.safeParse(stored);
  if (!parsed.success) throw new CoachTurnError("busy", "The stored turn result is unreadable");
  return { ...parsed.data, replayed: true };
}

function isRejected(value: unknown): value is RejectedAction {
  return rejectedAction.safeParse(value).success;
}

const problem = z.object({
  index: z.number().nullable(),
  path: z.string(),
  expected: z.string(),
  received: z.string(),
  message: z.string(),
});
const rejectedAction = z.object({
  index: z.number(),
  type: z.string().nullable(),
  problems: z.array(problem),
});
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(json),
    z.record(z.string(), json),
  ]),
);
const detailedError = z.object({
  name: z.string(),
  kind: z.enum(["validation", "not_allowed", "not_found", "service", "execution"]),
  message: z.string(),
  actionType: z.string(),
  fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  cause: z
    .object({ name: z.string(), message: z.string(), code: z.string().optional() })
    .optional(),
});
const outcomeBase = { actionId: z.string().nullable(), type: z.string(), replayed: z.boolean() };
const storedOutcome = z.discriminatedUnion("status", [
  z.object({ ...outcomeBase, status: z.literal("completed"), result: json, summary: z.string() }),
  z.object({
    ...outcomeBase,
    status: z.literal("failed"),
    error: detailedError,
    summary: z.string(),
  }),
  z.object({
    ...outcomeBase,
    status: z.literal("pending_confirmation"),
    pendingActionId: z.string(),
    params: json,
    summary: z.string(),
  }),
]);
const confirmation = z.object({
  pendingActionId: z.string(),
  actionType: z.string(),
  title: z.string(),
  params: json,
});
const storedResult = z.object({
  userMessageId: z.string(),
  coachMessage: z.object({
    id: z.string(),
    content: z.string(),
    component: z
      .object({
        quickReplies: z.array(z.string()).optional(),
        confirmations: z.array(confirmation).optional(),
      })
      .nullable(),
    phase: z.string(),
    promptVersion: z.number(),
  }),
  actions: z.array(storedOutcome),
  rejected: z.array(rejectedAction),
  attempts: z.number(),
  state: z.object({
    phase: z.string(),
    currentIdentityId: z.string().nullable(),
    identityFocus: z.string().nullable(),
    identities: z.array(
      z.object({ id: z.string(), name: z.string(), category: z.string(), state: z.string() }),
    ),
  }),
});
