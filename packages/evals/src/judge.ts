// The optional judge: a model (any OpenAI-compatible endpoint) scores the coach's message
// against the case's rubric points, and the free-text params left to it (`{"judge": …}`).
// Its scores are reported apart from the deterministic ones: they are a model's opinion.
import { z } from "zod";
import type { EvalCase } from "./case-schema.ts";
import type { TrialOutcome } from "./run-case.ts";
import type { TrialScore } from "./score.ts";

export interface JudgeConfig {
  /** Base URL ending in `/v1`. */
  endpoint: string;
  apiKey: string;
  model: string;
}

export interface JudgeVerdict {
  caseId: string;
  mode: string;
  trial: number;
  phase: string;
  points: { point: string; met: boolean; reason: string }[];
  /** Met points / points. */
  score: number;
}

const verdictSchema = z.object({
  points: z.array(z.object({ point: z.string(), met: z.boolean(), reason: z.string() })),
});

const RESPONSE_FORMAT = {
  type: "json_schema",
  json_schema: {
    name: "rubric_verdict",
    strict: true,
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["points"],
      properties: {
        points: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["point", "met", "reason"],
            properties: {
              point: { type: "string" },
              met: { type: "boolean" },
              reason: { type: "string" },
            },
          },
        },
      },
    },
  },
};

/** The points to judge in one trial: the rubric, then each judged param's criterion. */
function pointsOf(evalCase: EvalCase, score: TrialScore): string[] {
  return [
    ...evalCase.expect.rubric.map((point) => `The coach's message: ${point}`),
    ...score.judgeParams.map(
      (p) => `The value ${JSON.stringify(p.value)} of ${p.field} is ${p.criterion}`,
    ),
  ];
}

/** Null when the trial has nothing to judge. */
export async function judgeTrial(
  config: JudgeConfig,
  evalCase: EvalCase,
  outcome: TrialOutcome,
  score: TrialScore,
): Promise<JudgeVerdict | null> {
  const points = pointsOf(evalCase, score);
  if (points.length === 0) return null;
  const response = await fetch(`${config.endpoint.replace(/\/$/, "")}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` },
    body: JSON.stringify({
      model: config.model,
      temperature: 0,
      response_format: RESPONSE_FORMAT,
      messages: [
        {
          role: "system",
          content:
            "You grade an identity coach's reply. For each point, say whether the reply meets it, with a one-sentence reason. Answer every point, in order, in JSON.",
        },
        {
          role: "user",
          content: `The user said:\n${evalCase.messages.at(-1) ?? ""}\n\nThe coach replied:\n${outcome.message}\n\nPoints:\n${points.map((p, i) => `${i + 1}. ${p}`).join("\n")}`,
        },
      ],
    }),
  });
  if (!response.ok) throw new Error(`judge: ${response.status} from ${config.endpoint}`);
  const body = z
    .object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) })
    .parse(await response.json());
  const verdict = verdictSchema.parse(JSON.parse(body.choices[0]?.message.content ?? "{}"));
  const met = verdict.points.filter((p) => p.met).length;
  return {
    caseId: outcome.caseId,
    mode: outcome.mode,
    trial: outcome.trial,
    phase: outcome.phase,
    points: verdict.points,
    score: points.length === 0 ? 1 : met / points.length,
  };
}

/** Mean judge score per phase (reported apart from the deterministic summary). */
export function judgeByPhase(verdicts: readonly JudgeVerdict[]): Record<string, number> {
  const sums: Record<string, { total: number; n: number }> = {};
  for (const v of verdicts) {
    const s = sums[v.phase] ?? { total: 0, n: 0 };
    s.total += v.score;
    s.n++;
    sums[v.phase] = s;
  }
  return Object.fromEntries(Object.entries(sums).map(([phase, s]) => [phase, s.total / s.n]));
}
