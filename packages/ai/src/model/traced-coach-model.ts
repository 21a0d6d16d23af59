// A CoachModel in a `coach.model` span per call: the attempt number says whether it was the
// first call or a re-ask after an invalid reply; a tool-calling loop is one span (its mode
// says so). The provider's own spans (GenAI conventions) nest inside; a scripted model gets
// this span alone.
import { inSpan } from "@trellis/tracing";
import { aiTracer } from "../coach/turn-scope.ts";
import type {
  CoachModel,
  CoachModelInput,
  CoachToolsInput,
  CoachToolsReply,
} from "./coach-model.ts";

export class TracedCoachModel implements CoachModel {
  readonly name: string;
  readonly callTools?: (input: CoachToolsInput) => Promise<CoachToolsReply>;
  readonly #inner: CoachModel;

  constructor(inner: CoachModel) {
    this.#inner = inner;
    this.name = inner.name;
    const callTools = inner.callTools?.bind(inner);
    if (callTools) {
      this.callTools = (input) => {
        const attributes = { "trellis.phase": input.phase, "trellis.mode": "tools" };
        return inSpan(aiTracer, "coach.model", { attributes }, () => callTools(input));
      };
    }
  }

  respond(input: CoachModelInput): Promise<string> {
    const attributes = {
      "trellis.phase": input.phase,
      "trellis.attempt": input.attempt,
      "trellis.reask": input.attempt > 0,
    };
    return inSpan(aiTracer, "coach.model", { attributes }, () => this.#inner.respond(input));
  }
}
