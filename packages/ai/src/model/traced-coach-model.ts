// A CoachModel in a `coach.model` span per call: the attempt number says whether it was the
// first call or a re-ask after an invalid reply. The provider's own span (GenAI conventions)
// nests inside; a scripted model gets this span alone.
import { inSpan } from "@trellis/engine";
import { aiTracer } from "../coach/turn-scope.ts";
import type { CoachModel, CoachModelInput } from "./coach-model.ts";

export class TracedCoachModel implements CoachModel {
  readonly name: string;
  readonly #inner: CoachModel;

  constructor(inner: CoachModel) {
    this.#inner = inner;
    this.name = inner.name;
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
