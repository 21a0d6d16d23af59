// OpenTelemetry tracing for the process. Packages create spans through `@opentelemetry/api`
// only; here the SDK is registered so that those spans are recorded: an AsyncLocalStorage
// context manager (parent/child across awaits), a tracer provider, Prisma's instrumentation
// (one span per query and transaction), and an exporter. By default nothing is registered and
// every span is a no-op; OTLP over HTTP is used when the standard OTEL_EXPORTER_OTLP_ENDPOINT
// (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, and tests and the bench pass an exporter.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { PrismaInstrumentation } from "@prisma/instrumentation";

export interface TelemetryOptions {
  /** Where spans go; default OTLP when the endpoint variables are set, else tracing is off. */
  exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches. */
  simple?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Telemetry {
  /** False when no exporter was configured: spans are no-ops. */
  readonly enabled: boolean;
  /** Exports the spans that ended and are still buffered. */
  flush(): Promise<void>;
  /** Flushes, then unregisters everything (the API's no-op tracer again). */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = {
  enabled: false,
  flush: async () => {},
  shutdown: async () => {},
};

/** Whether the standard variables ask for OTLP export. */
function otlpConfigured(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Registers tracing for the process, or returns a telemetry that does nothing. */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  const env = options.env ?? process.env;
  if (env.OTEL_SDK_DISABLED === "true") return OFF;
  // The exporter reads the OTEL_EXPORTER_OTLP_* variables itself (endpoint, headers, timeout).
  const exporter = options.exporter ?? (otlpConfigured(env) ? new OTLPTraceExporter() : null);
  if (exporter === null) return OFF;
  const processor: SpanProcessor = options.simple
    ? new SimpleSpanProcessor({ exporter })
    : new BatchSpanProcessor({ exporter });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? "trellis" }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  // Per query, Prisma also makes `serialize` and `compile` spans (in-process steps): dropped,
  // so each statement is its operation and its `db_query` span.
  const prisma = new PrismaInstrumentation({ ignoreSpanTypes: [/:(serialize|compile)$/] });
  prisma.setTracerProvider(provider);
  prisma.enable();
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    async shutdown() {
      prisma.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
