// A ModelProvider around another one that refuses a call when a budget is used up, records
// every answered call's tokens and cost in the ledger under the current usage scope, reports
// each call (duration, error kind) to an observer for metrics, and traces it as a span that
// follows OpenTelemetry's GenAI conventions. The coach turn and the note taker use it like
// any provider.
import { type Span, SpanKind } from "@opentelemetry/api";
import { inSpan } from "@trellis/tracing";
import { aiTracer } from "../coach/turn-scope.ts";
import {
  ModelError,
  type ModelProvider,
  type StructuredReply,
  type StructuredRequest,
  type TokenUsage,
  type ToolLoopReply,
  type ToolLoopRequest,
} from "../providers/types.ts";
import { BudgetExceededError, type Budgets, budgetsEnabled, checkBudgets } from "./budget.ts";
import type { UsageLedger } from "./ledger.ts";
import { currentUsageScope } from "./usage-scope.ts";

export interface ModelCallObservation {
  /** `unscoped` for a call made outside a turn or a note job (not recorded). */
  purpose: "coach" | "notes" | "unscoped";
  model: string;
  durationMs: number;
  /** ModelError's kind, `budget_exceeded`, or `other`; null when the call succeeded. */
  errorKind: string | null;
  usage: TokenUsage | undefined;
}

export interface MeteredProviderOptions {
  ledger: UsageLedger;
  /** The model requested (spans name it; replies name the one that answered). */
  model: string;
  /** `gen_ai.provider.name` (default "openai"). */
  system?: string;
  budgets?: Budgets;
  onCall?: (observation: ModelCallObservation) => void;
  /** A ledger write that failed (the model's answer is still returned). */
  onError?: (error: unknown) => void;
}

export class MeteredProvider implements ModelProvider {
  readonly name: string;
  readonly #inner: ModelProvider;
  readonly #options: MeteredProviderOptions;
  readonly #budgets: Budgets;

  constructor(inner: ModelProvider, options: MeteredProviderOptions) {
    this.#inner = inner;
    this.name = inner.name;
    this.#options = options;
    this.#budgets = options.budgets ?? {};
  }

  structured(request: StructuredRequest): Promise<StructuredReply> {
    return this.#metered(() => this.#inner.structured(request), 1);
  }

  toolLoop(request: ToolLoopRequest): Promise<ToolLoopReply> {
    return this.#metered(() => this.#inner.toolLoop(request), null);
  }

  #metered<R extends Reply>(call: () => Promise<R>, calls: number | null): Promise<R> {
    const attributes = {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": this.#options.system ?? "openai",
      "gen_ai.request.model": this.#options.model,
    };
    return inSpan(
      aiTracer,
      `chat ${this.#options.model}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        try {
          const reply = await this.#call(call, calls);
          annotate(span, reply);
          return reply;
        } catch (error) {
          span.setAttribute("error.type", errorKindOf(error));
          throw error;
        }
      },
    );
  }

  async #call<R extends Reply>(call: () => Promise<R>, calls: number | null): Promise<R> {
    const scope = currentUsageScope();
    const started = performance.now();
    const observe = (model: string, errorKind: string | null, usage?: TokenUsage) =>
      this.#options.onCall?.({
        purpose: scope?.purpose ?? "unscoped",
        model,
        durationMs: performance.now() - started,
        errorKind,
        usage,
      });
    if (scope && budgetsEnabled(this.#budgets)) {
      try {
        await checkBudgets(this.#options.ledger, this.#budgets, scope.userId);
      } catch (error) {
        observe(this.#options.model, errorKindOf(error));
        throw error;
      }
    }
    let reply: R;
    try {
      reply = await call();
    } catch (error) {
      observe(this.#options.model, errorKindOf(error));
      throw error;
    }
    observe(reply.model, null, reply.usage);
    if (scope && reply.usage) {
      try {
        await this.#options.ledger.record({
          scope,
          model: reply.model,
          usage: reply.usage,
          calls: calls ?? reply.steps ?? 1,
        });
      } catch (error) {
        // The model answered and the turn goes on; the ledger misses this call (reported).
        this.#options.onError?.(error);
      }
    }
    return reply;
  }
}

type Reply = { model: string; usage?: TokenUsage; steps?: number; finishReason?: string };

function errorKindOf(error: unknown): string {
  if (error instanceof BudgetExceededError) return "budget_exceeded";
  return error instanceof ModelError ? error.kind : "other";
}

function annotate(span: Span, reply: Reply): void {
  span.setAttribute("gen_ai.response.model", reply.model);
  if (reply.finishReason) span.setAttribute("gen_ai.response.finish_reasons", [reply.finishReason]);
  if (reply.steps !== undefined) span.setAttribute("trellis.model.steps", reply.steps);
  if (reply.usage) {
    span.setAttribute("gen_ai.usage.input_tokens", reply.usage.promptTokens);
    span.setAttribute("gen_ai.usage.output_tokens", reply.usage.completionTokens);
    if (reply.usage.cachedPromptTokens !== undefined) {
      span.setAttribute("gen_ai.usage.cache_read.input_tokens", reply.usage.cachedPromptTokens);
    }
  }
}
