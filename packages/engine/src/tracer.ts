import { type Tracer, trace } from "@opentelemetry/api";

/** The engine's spans (`action.execute`, `events.publish`). */
export const engineTracer: Tracer = trace.getTracer("@trellis/engine");
