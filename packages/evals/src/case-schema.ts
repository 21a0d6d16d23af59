// An eval case as it is stored (a JSON file under cases/, a row of EvalCase): where the
// conversation starts, what the user says next, and what should (and must not) happen.
import { identityCategorySchema, identityStates, phaseSchema } from "@trellis/actions";
import { z } from "zod";

/** How one expected param is matched against what the model sent. */
const paramMatcherSchema = z.union([
  z.object({ ref: z.string().min(1) }).strict(), // an identity of the start, by its key: exact id
  z.object({ approx: z.number(), tolerance: z.number().nonnegative() }).strict(),
  z.object({ date: z.iso.date().or(z.iso.datetime()) }).strict(), // compared by value
  z.object({ contains: z.array(z.string().min(1)).min(1) }).strict(), // all, case-insensitive
  z.object({ containsAny: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ regex: z.string().min(1) }).strict(),
  z.object({ any: z.literal(true) }).strict(), // present, any value
  z.object({ absent: z.literal(true) }).strict(), // not set (or null)
  z.object({ judge: z.string().min(1) }).strict(), // scored by the judge model, reported apart
  z.object({ equals: z.json() }).strict(), // exact (enums, numbers, lists)
]);
export type ParamMatcher = z.infer<typeof paramMatcherSchema>;

/** A bare JSON scalar or list means `equals`. */
const paramExpectationSchema = z.union([
  paramMatcherSchema,
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.json()),
]);
export type ParamExpectation = z.infer<typeof paramExpectationSchema>;

const expectedActionSchema = z
  .object({
    type: z.string().min(1),
    params: z.record(z.string(), paramExpectationSchema).default({}),
  })
  .strict();
export type ExpectedAction = z.infer<typeof expectedActionSchema>;

const startIdentitySchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    name: z.string().min(1),
    category: identityCategorySchema,
    state: z.enum(identityStates).default("proposed"),
    notes: z.array(z.string()).default([]),
    iAmStatement: z.string().nullable().default(null),
    visualization: z.string().nullable().default(null),
  })
  .strict();

const turnSchema = z
  .object({ role: z.enum(["user", "coach"]), content: z.string().min(1) })
  .strict();

/** A compact starting state, built into a scenario snapshot and instantiated as a new user. */
const startStateSchema = z
  .object({
    userName: z.string().default("Ada"),
    phase: phaseSchema,
    identities: z.array(startIdentitySchema).default([]),
    currentIdentity: z.string().nullable().default(null),
    identityFocus: identityCategorySchema.nullable().default(null),
    skippedCategories: z.array(identityCategorySchema).default([]),
    whoYouAre: z.array(z.string()).default([]),
    whoYouWantToBe: z.array(z.string()).default([]),
    askedQuestions: z.array(z.string()).default([]),
    /** The conversation so far. */
    conversation: z.array(turnSchema).default([]),
  })
  .strict();
export type StartState = z.infer<typeof startStateSchema>;

export const evalCaseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case words joined by '-'"),
    title: z.string().min(1),
    /** Either a compact state, or a frozen scenario snapshot (packages/scenarios, version 1). */
    start: z.union([
      z.object({ state: startStateSchema }).strict(),
      z.object({ snapshot: z.record(z.string(), z.json()) }).strict(),
    ]),
    /** The user's next message(s): one turn each; the expectations are about the last turn. */
    messages: z.array(z.string().min(1)).min(1),
    expect: z
      .object({
        actions: z.array(expectedActionSchema).default([]),
        forbidden: z.array(expectedActionSchema).default([]),
        phase: phaseSchema,
        rubric: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    tags: z.array(z.string()).default([]),
  })
  .strict();
export type EvalCase = z.infer<typeof evalCaseSchema>;

/** The phase a case starts in (what its scores are grouped by). */
export function startPhase(evalCase: EvalCase): string {
  if ("state" in evalCase.start) return evalCase.start.state.phase;
  const state = evalCase.start.snapshot.coachState;
  const phase =
    typeof state === "object" && state !== null && !Array.isArray(state) ? state.phase : undefined;
  return typeof phase === "string" ? phase : "introduction";
}
