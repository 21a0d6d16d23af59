// Model providers: one interface, an OpenAI (or compatible) implementation. The names the
// provider tests share.
export {
  ModelError,
  type ModelErrorKind,
  type StructuredRequest,
  type ToolCall,
  type ToolDefinition,
  type ToolLoopRequest,
} from "./types.ts";
