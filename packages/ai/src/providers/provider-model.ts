import type { ModelProvider } from "./types.ts";

/** A model (the coach, the note taker) that asks a provider, and is named after it. */
export abstract class ProviderModel {
  readonly name: string;
  protected readonly provider: ModelProvider;

  constructor(provider: ModelProvider) {
    this.provider = provider;
    this.name = provider.name;
  }
}
