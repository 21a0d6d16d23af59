// A real-model run's cost, estimated before it starts from the ledger's prices: the prompt of
// each call is about the phase prompt plus the schema (characters / 4), the reply a few
// hundred tokens, and a structured turn may be asked again once.
import { PriceTable } from "@trellis/ai";
import type { EvalCase } from "./case-schema.ts";

const PROMPT_TOKENS = 4_000;
const COMPLETION_TOKENS = 300;
const CALLS_PER_TURN = 1.5;

export function estimateCost(
  cases: readonly EvalCase[],
  runsPerCase: number,
  model: string,
  prices = PriceTable.fromFile(),
) {
  const turns = cases.reduce((total, c) => total + c.messages.length, 0) * runsPerCase;
  const calls = Math.ceil(turns * CALLS_PER_TURN);
  const usage = {
    promptTokens: calls * PROMPT_TOKENS,
    completionTokens: calls * COMPLETION_TOKENS,
    totalTokens: calls * (PROMPT_TOKENS + COMPLETION_TOKENS),
  };
  // A model without a price cannot be bounded: count it as over any budget.
  const usd = prices.costOf(model, usage) ?? Number.POSITIVE_INFINITY;
  return { calls, tokens: usage.totalTokens, usd };
}
