// Prometheus metrics (prom-client) in a registry of the server's own: procedure calls and
// their latency, turns, model calls and their errors, actions by type and status, re-asks,
// open subscriptions, the note queue, the database pool and the event bus. Counters and
// histograms are fed by the runtime's observer and the tRPC call observer; gauges that
// describe state (queue depth, pool, bus) are read when Prometheus scrapes.
import type { ModelCallObservation, RuntimeObserver } from "@trellis/ai";
import type { CallObservation } from "@trellis/api";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Runtime } from "./runtime.ts";

/** Seconds: from a fast query to a slow multi-attempt model turn. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #calls = new Counter({
    name: "trellis_procedure_calls_total",
    help: "tRPC procedure calls by procedure, type and outcome (ok or the tRPC error code)",
    labelNames: ["procedure", "type", "outcome"] as const,
    registers: [this.registry],
  });
  readonly #callSeconds = new Histogram({
    name: "trellis_procedure_duration_seconds",
    help: "tRPC procedure latency (a subscription: how long it stayed open)",
    labelNames: ["procedure", "type"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #turnSeconds = new Histogram({
    name: "trellis_turn_duration_seconds",
    help: "Coach turns (chat.send) from request to result, by outcome",
    labelNames: ["outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #reasks = new Counter({
    name: "trellis_model_reasks_total",
    help: "Times the coach model was asked again after an invalid reply",
    registers: [this.registry],
  });
  readonly #modelSeconds = new Histogram({
    name: "trellis_model_call_duration_seconds",
    help: "Model calls (a tool-calling loop counts once) by purpose and model",
    labelNames: ["purpose", "model"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #modelErrors = new Counter({
    name: "trellis_model_errors_total",
    help: "Failed model calls by kind (rate_limited, timeout, server, budget_exceeded …)",
    labelNames: ["purpose", "kind"] as const,
    registers: [this.registry],
  });
  readonly #modelTokens = new Counter({
    name: "trellis_model_tokens_total",
    help: "Tokens used by model calls, by purpose, model and direction",
    labelNames: ["purpose", "model", "direction"] as const,
    registers: [this.registry],
  });
  readonly #actions = new Counter({
    name: "trellis_actions_total",
    help: "Action outcomes through the engine by type, invoker and status",
    labelNames: ["type", "invoker", "status"] as const,
    registers: [this.registry],
  });
  readonly #actionSeconds = new Histogram({
    name: "trellis_action_duration_seconds",
    help: "Action pipeline latency (validation to commit and publish) by type",
    labelNames: ["type"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #jobFailures = new Counter({
    name: "trellis_queue_job_failures_total",
    help: "Failed note-taker job runs; final=true when no retry is left",
    labelNames: ["final"] as const,
    registers: [this.registry],
  });
  readonly #subscriptions = new Gauge({
    name: "trellis_open_subscriptions",
    help: "Event subscriptions (SSE streams) open on this process",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "trellis_" });
  }

  /** Gauges read at scrape time from the runtime's parts (once the runtime exists). */
  watch(runtime: Pick<Runtime, "db" | "bus" | "noteQueue">): void {
    new Gauge({
      name: "trellis_event_bus_connected",
      help: "1 while the event bus is connected (live events are delivered)",
      registers: [this.registry],
      collect() {
        this.set(runtime.bus.connected ? 1 : 0);
      },
    });
    new Gauge({
      name: "trellis_queue_jobs",
      help: "Note-taker jobs by state, as pg-boss last counted them",
      labelNames: ["state"] as const,
      registers: [this.registry],
      async collect() {
        try {
          const stats = await runtime.noteQueue.stats();
          this.set({ state: "queued" }, stats.queued);
          this.set({ state: "active" }, stats.active);
          this.set({ state: "failed" }, stats.failed);
        } catch {
          // The database is down: /ready says so; the scrape still answers.
        }
      },
    });
    const { db } = runtime;
    new Gauge({
      name: "trellis_db_pool_connections",
      help: "PostgreSQL pool connections by state (total, idle, waiting); absent on PGlite",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        if (db.kind !== "postgres") return;
        this.set({ state: "total" }, db.pool.totalCount);
        this.set({ state: "idle" }, db.pool.idleCount);
        this.set({ state: "waiting" }, db.pool.waitingCount);
      },
    });
  }

  /** The runtime's observer: model calls, action outcomes, job failures. */
  get observer(): RuntimeObserver {
    return {
      modelCall: (call) => this.#modelCall(call),
      action: (outcome) => this.#action(outcome),
      noteJobFailure: (final) => this.#jobFailures.inc({ final: String(final) }),
    };
  }

  /** Every finished tRPC call (the context's call observer). */
  call(call: CallObservation): void {
    const seconds = call.durationMs / 1000;
    this.#calls.inc({ procedure: call.path, type: call.type, outcome: call.errorCode ?? "ok" });
    this.#callSeconds.observe({ procedure: call.path, type: call.type }, seconds);
    if (call.path === "chat.send") {
      this.#turnSeconds.observe({ outcome: call.errorCode ?? "ok" }, seconds);
      const attempts = attemptsOf(call.data);
      if (attempts > 1) this.#reasks.inc(attempts - 1);
    }
  }

  subscriptionOpened(): void {
    this.#subscriptions.inc();
  }

  subscriptionClosed(): void {
    this.#subscriptions.dec();
  }

  #modelCall(call: ModelCallObservation): void {
    this.#modelSeconds.observe(
      { purpose: call.purpose, model: call.model },
      call.durationMs / 1000,
    );
    if (call.errorKind !== null) {
      this.#modelErrors.inc({ purpose: call.purpose, kind: call.errorKind });
    }
    if (call.usage) {
      const labels = { purpose: call.purpose, model: call.model };
      this.#modelTokens.inc({ ...labels, direction: "prompt" }, call.usage.promptTokens);
      this.#modelTokens.inc({ ...labels, direction: "completion" }, call.usage.completionTokens);
    }
  }

  #action(outcome: Parameters<NonNullable<RuntimeObserver["action"]>>[0]): void {
    this.#actions.inc({ type: outcome.type, invoker: outcome.invoker, status: outcome.status });
    this.#actionSeconds.observe({ type: outcome.type }, outcome.durationMs / 1000);
  }
}

/** A turn result's model calls (`attempts`), 0 for anything else. */
function attemptsOf(data: unknown): number {
  if (typeof data !== "object" || data === null || !("attempts" in data)) return 0;
  return typeof data.attempts === "number" ? data.attempts : 0;
}
