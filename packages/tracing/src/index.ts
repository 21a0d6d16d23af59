// @trellis/tracing: spans through the OpenTelemetry API only. Without an SDK registered (the
// default) every call here is a no-op, so packages trace unconditionally and the server
// decides whether spans are recorded and where they go. Each package names its own tracer.
import {
  type Attributes,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/** Runs `fn` in a new active span that ends with it; a throw marks the span as an error. */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `inSpan` for synchronous work (parsing). */
export function inSpanSync<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  fn: () => T,
): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn();
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface TraceIds {
  traceId: string | null;
  spanId: string | null;
}

/** The active span's ids, stored on audit rows and coach messages; nulls when not tracing. */
export function currentTraceIds(): TraceIds {
  const span = trace.getActiveSpan();
  const context = span?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return { traceId: null, spanId: null };
  return { traceId: context.traceId, spanId: context.spanId };
}
