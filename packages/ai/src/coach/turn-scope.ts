// What surrounds a turn's work once its user message is stored: the usage scope its model
// calls are recorded under, and the `coach.turn` span its model calls, parsing and actions
// nest in.
import { trace } from "@opentelemetry/api";
import { inSpan } from "@trellis/tracing";
import { type UsageScope, withUsageScope } from "../usage/usage-scope.ts";

export const aiTracer = trace.getTracer("@trellis/ai");

export function inTurnScope<T>(scope: UsageScope & { turnId: string }, fn: () => Promise<T>) {
  const attributes = {
    "trellis.user.id": scope.userId,
    "trellis.turn.id": scope.turnId,
    ...(scope.phase === undefined ? {} : { "trellis.phase": scope.phase }),
    ...(scope.promptVersion === undefined ? {} : { "trellis.prompt.version": scope.promptVersion }),
  };
  return inSpan(aiTracer, "coach.turn", { attributes }, () => withUsageScope(scope, fn));
}
