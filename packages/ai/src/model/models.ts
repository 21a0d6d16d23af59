// Which models answer: OpenAI (or any compatible endpoint) with a key, else the scripted models
// that run the coaching flow offline. The server's composition calls this with its config.
import { OpenAIProvider } from "../providers/openai.ts";
import type { ModelProvider } from "../providers/types.ts";
import { type NoteModel, ProviderNoteModel, ScriptedNoteModel } from "../notes/note-model.ts";
import type { CoachModel } from "./coach-model.ts";
import { ProviderCoachModel } from "./openai-coach-model.ts";
import { ScriptedCoachModel } from "./scripted-coach-model.ts";

export interface ModelConfig {
  /** Without a key the scripted model runs the coaching flow offline. */
  openaiApiKey?: string | undefined;
  model?: string | undefined;
  baseURL?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** Milliseconds between the scripted coach's streamed words (default 0). */
  scriptedPaceMs?: number | undefined;
}

export interface Models {
  coach: CoachModel;
  note: NoteModel;
  /** The endpoint, for the tool-calling turn mode; null offline. */
  provider: ModelProvider | null;
}

export interface ModelsOptions {
  /**
   * Wraps the OpenAI provider before the models use it (the server meters and traces it);
   * `model` is the model requested. Not called for the scripted models.
   */
  wrapProvider?: (provider: ModelProvider, model: string) => ModelProvider;
}

export function createModels(config: ModelConfig = {}, options: ModelsOptions = {}): Models {
  if (!config.openaiApiKey) {
    return {
      coach: new ScriptedCoachModel({ paceMs: config.scriptedPaceMs ?? 0 }),
      note: new ScriptedNoteModel(),
      provider: null,
    };
  }
  const model = config.model ?? "gpt-4o-mini";
  const openai = new OpenAIProvider({
    apiKey: config.openaiApiKey,
    model,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeoutMs: config.timeoutMs ?? 60_000,
    maxRetries: config.maxRetries ?? 2,
  });
  const provider = options.wrapProvider ? options.wrapProvider(openai, model) : openai;
  return {
    coach: new ProviderCoachModel(provider),
    note: new ProviderNoteModel(provider),
    provider,
  };
}
