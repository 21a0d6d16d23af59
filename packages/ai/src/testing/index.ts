// Test helpers shared across the project (imported as `@trellis/ai/testing`).
export { fakeReply } from "./fake-openai-replies.ts";
export { type FakeOpenAI, startFakeOpenAI } from "./fake-openai-server.ts";
export { readBody, sendJson } from "./json-http.ts";
export { killWhenJobRuns, noteJobStates } from "./note-job-crash.ts";
