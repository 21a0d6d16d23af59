// Model providers: one interface, an OpenAI (or compatible) implementation.
export { OpenAIProvider, type OpenAIProviderConfig } from "./openai.ts";
export {
  type ChatMessage,
  type ExecutedToolCall,
  type FinishReason,
  ModelError,
  type ModelErrorKind,
  type ModelErrorOptions,
  type ModelProvider,
  type StructuredReply,
  type StructuredRequest,
  type TokenUsage,
  type ToolCall,
  type ToolDefinition,
  type ToolLoopReply,
  type ToolLoopRequest,
} from "./types.ts";
