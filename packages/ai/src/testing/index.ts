// Test helpers shared across the project (imported as `@trellis/ai/testing`).
export {
  type FakeErrorReply,
  type FakeMessageReply,
  type FakeRawReply,
  type FakeReply,
  type FakeStreamOptions,
  type FakeToolCall,
  type FakeToolCallsReply,
  type FakeUsage,
  fakeReply,
} from "./fake-openai-replies.ts";
export type {
  FakeChatMessage,
  FakeChatRequestBody,
  RecordedRequest,
} from "./fake-openai-request.ts";
export { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "./fake-openai-server.ts";
