// What the runtime reports as it works, for the server's metrics: each model call, each
// action outcome, each failed note-taker job. Plain callbacks, so packages need no metrics
// library; the server maps them onto prom-client.
import type { OutcomeObservation } from "@trellis/engine";
import type { ModelCallObservation } from "./metered-provider.ts";

export interface RuntimeObserver {
  modelCall?(observation: ModelCallObservation): void;
  action?(observation: OutcomeObservation): void;
  /** `final` when pg-boss will not retry the job. */
  noteJobFailure?(final: boolean): void;
}
