// Admin rows (`Prompt`, `TestScenario`) as clients read them.
import type { PromptDto, ScenarioCounts, ScenarioDto } from "@trellis/contract";
import type { Prompt, TestScenario } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

export function promptDto(row: Prompt): PromptDto {
  return {
    id: row.id,
    phase: row.phase,
    version: row.version,
    body: row.body,
    requiredContextKeys: row.requiredContextKeys,
    active: row.active,
    createdAt: row.createdAt,
  } satisfies EveryColumn<Prompt>;
}

/** `counts` summarizes the snapshot, which itself stays on the server (it can be large). */
export function scenarioDto(row: TestScenario, counts: ScenarioCounts): ScenarioDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sourceUserId: row.sourceUserId,
    userId: row.userId,
    counts,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<TestScenario, "snapshot" | "ownerId", "counts">;
}
