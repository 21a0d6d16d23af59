// @trellis/contract/schemas: zod schemas that read the contract's JSON shapes back from where
// the server stored them (audit rows, coach messages, turn records), each checked against its
// contract type with `shapeOf`. Server-side readers only; clients never load zod through this.

// Every DTO schema (each is part of the contract).
export * from "./dto.ts";
export { detailedErrorSchema } from "./errors.ts";
export { jsonSchema } from "./json.ts";
export { actionOutcomeSchema } from "./outcome.ts";
export { type SameKeys, shapeOf } from "./shape.ts";
export { toJson } from "./to-json.ts";
export {
  coachComponentSchema,
  rejectedActionSchema,
  storedTurnResultSchema,
  turnStateSchema,
} from "./turn.ts";
