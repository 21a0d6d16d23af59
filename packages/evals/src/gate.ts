// The CI gate: thresholds per phase and per action type (gate.json), and the committed
// baseline's scores (baseline.json). A score below its threshold, or below the baseline by
// more than the margin, fails, naming the phase or action and the cases that did not pass.
import { readFile } from "node:fs/promises";
import type { EvalGateFailure } from "@trellis/contract";
import { z } from "zod";
import { countMetrics, type GroupSummary, rateMetrics, type Summary } from "./aggregate.ts";

const rateName = z.enum(rateMetrics);
const countName = z.enum(countMetrics);
/** Minimums of rates (0..1) and maximums of counts (per group, summed over its trials / trials). */
const thresholdsSchema = z
  .object({
    min: z.partialRecord(rateName, z.number().min(0).max(1)).default({}),
    max: z.partialRecord(countName, z.number().min(0)).default({}),
  })
  .strict();

const gateConfigSchema = z
  .object({
    /** How far below the baseline a rate may fall before the gate fails. */
    margin: z.number().min(0).max(1),
    /** The rates compared with the baseline. */
    compared: z.array(rateName),
    /** `*` applies to every phase (or action) without an entry of its own. */
    phases: z.record(z.string(), thresholdsSchema),
    actions: z.record(z.string(), thresholdsSchema),
    /** Estimated US dollars a real-model run may cost before it is refused (`--budget`). */
    budgetUsd: z.number().min(0),
  })
  .strict();
export type GateConfig = z.infer<typeof gateConfigSchema>;

export async function loadGateConfig(path: string): Promise<GateConfig> {
  return gateConfigSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

export type GateFailure = EvalGateFailure;

export function checkGate(
  summary: Summary,
  config: GateConfig,
  baseline: Summary | null,
  failedCases: ReadonlySet<string>,
): GateFailure[] {
  const failures: GateFailure[] = [];
  const scopes = [
    ["phase", summary.phases, config.phases, baseline?.phases] as const,
    ["action", summary.actions, config.actions, baseline?.actions] as const,
  ];
  for (const [scope, groups, thresholds, base] of scopes) {
    for (const [name, group] of Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))) {
      const limits = thresholds[name] ?? thresholds["*"] ?? { min: {}, max: {} };
      const fail = (
        metric: string,
        value: number,
        limit: number,
        reason: GateFailure["reason"],
      ) => {
        const cases = group.cases.filter((c) => failedCases.has(c));
        const below =
          reason === "threshold"
            ? `its threshold ${limit}`
            : `the baseline minus the margin (${limit.toFixed(3)})`;
        failures.push({
          scope,
          name,
          metric,
          value,
          limit,
          reason,
          cases,
          message: `${scope} ${name}: ${metric} ${value.toFixed(3)} is below ${below}; cases not passing: ${cases.join(", ") || "(none)"}`,
        });
      };
      for (const metric of rateMetrics) {
        const value = group.metrics[metric].mean;
        const min = limits.min[metric];
        if (min !== undefined && value < min) fail(metric, value, min, "threshold");
        const before = base?.[name]?.metrics[metric].mean;
        if (
          config.compared.includes(metric) &&
          before !== undefined &&
          value < before - config.margin - 1e-9
        ) {
          fail(metric, value, before - config.margin, "baseline");
        }
      }
      for (const metric of countMetrics) {
        const value = perTrial(group, metric);
        const max = limits.max[metric];
        if (max !== undefined && value > max) {
          const cases = group.cases.filter((c) => failedCases.has(c));
          failures.push({
            scope,
            name,
            metric,
            value,
            limit: max,
            reason: "threshold",
            cases,
            message: `${scope} ${name}: ${metric} ${value} > threshold ${max}; cases not passing: ${cases.join(", ") || "(none)"}`,
          });
        }
      }
    }
  }
  return failures;
}

function perTrial(group: GroupSummary, metric: (typeof countMetrics)[number]): number {
  return group.metrics[metric].mean;
}
