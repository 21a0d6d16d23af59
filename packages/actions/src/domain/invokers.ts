import { z } from "zod";
import { constants } from "./constants.ts";

/**
 * Who may invoke an action: the coach's model, the user (through the API, e.g. approving a pending
 * action), or the system (background jobs such as the note taker).
 */
export const Invoker = constants({
  COACH: "coach",
  USER: "user",
  SYSTEM: "system",
});
export type Invoker = (typeof Invoker)[keyof typeof Invoker];

export const invokers: readonly Invoker[] = Object.freeze(Object.values(Invoker));

export const invokerSchema = z.enum(Invoker);
