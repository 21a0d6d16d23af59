// How the eval pages show numbers: rates as percents, changes signed, money in dollars.
export const pct = (value: number) => `${Math.round(value * 100)}%`;
export const signed = (value: number) => `${value > 0 ? "+" : ""}${Math.round(value * 100)} pts`;
export const dollars = (value: number) => `$${value.toFixed(4)}`;

/** The rates the tables show, with what each one means. */
export const RATES = [
  { key: "f1", title: "F1", about: "action types: harmonic mean of precision and recall" },
  { key: "precision", title: "Precision", about: "produced actions that were expected" },
  { key: "recall", title: "Recall", about: "expected actions that were produced" },
  { key: "paramAccuracy", title: "Params", about: "expected params matched by their schema" },
  { key: "phaseReached", title: "Phase", about: "trials that ended in the expected phase" },
  { key: "passRate", title: "Pass", about: "trials that met every expectation" },
] as const;

export const COUNTS = [
  { key: "policyViolations", title: "Policy", about: "confirmation-policy violations" },
  { key: "outsidePhase", title: "Outside", about: "actions outside the phase" },
  { key: "refused", title: "Refused", about: "actions the engine refused" },
  { key: "invalid", title: "Invalid", about: "invalid replies and actions" },
  { key: "reasks", title: "Re-asks", about: "model calls asked again" },
] as const;
