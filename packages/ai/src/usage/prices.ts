// Prices per model, from a JSON file: `packages/ai/model-prices.json` by default (OpenAI's
// published rates for the common models), or the operator's own file. Cost is computed when
// a call is recorded, so a later price change does not rewrite what was spent.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { TokenUsage } from "../providers/types.ts";

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Prompt tokens served from the provider's cache; `input` when absent. */
  cachedInput?: number | undefined;
  output: number;
}

const perMillion = z.number().nonnegative();
const priceFile = z.object({
  models: z.record(
    z.string().min(1),
    z.object({ input: perMillion, cachedInput: perMillion.optional(), output: perMillion }),
  ),
});

const defaultPricesFile: string = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "model-prices.json",
);

export class PriceFileError extends Error {
  override readonly name = "PriceFileError";
}

export class PriceTable {
  readonly #prices: ReadonlyMap<string, ModelPrice>;

  constructor(prices: Readonly<Record<string, ModelPrice>>) {
    this.#prices = new Map(Object.entries(prices));
  }

  /** Reads and validates a price file (default: the repository's). */
  static fromFile(path: string = defaultPricesFile): PriceTable {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PriceFileError(`Cannot read the model price file ${path}: ${reason}`);
    }
    const parsed = priceFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PriceFileError(
        `Invalid model price file ${path}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`,
      );
    }
    return new PriceTable(parsed.data.models);
  }

  /** The exact entry, else the longest entry the name starts with followed by `-`. */
  priceOf(model: string): ModelPrice | null {
    const exact = this.#prices.get(model);
    if (exact) return exact;
    let best: { key: string; price: ModelPrice } | null = null;
    for (const [key, price] of this.#prices) {
      if (model.startsWith(`${key}-`) && (best === null || key.length > best.key.length)) {
        best = { key, price };
      }
    }
    return best?.price ?? null;
  }

  /** US dollars for one call's usage; null when the model has no price. */
  costOf(model: string, usage: TokenUsage): number | null {
    const price = this.priceOf(model);
    if (!price) return null;
    const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
    const uncached = usage.promptTokens - cached;
    return (
      (uncached * price.input +
        cached * (price.cachedInput ?? price.input) +
        usage.completionTokens * price.output) /
      1_000_000
    );
  }
}
