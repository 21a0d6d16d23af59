import { z } from "zod";
import { invokers as allInvokers, type Invoker } from "../domain/invokers.ts";
import { type Phase, phases as allPhases } from "../domain/phases.ts";
import { paramsSchemaProblems } from "./param-problems.ts";

/** Zod schema for an action's parameters: always an object (it becomes `params` in the model's JSON). */
export type ParamsSchema = z.ZodObject;
/** Zod schema for an action's result data. */
export type ResultSchema = z.ZodObject;

/**
 * One action, defined once. Everything else (enum, types, handler contract, model schemas, tools,
 * prompt instructions, docs) is derived from these fields.
 */
export interface ActionDefinition<
  Type extends string = string,
  Params extends ParamsSchema = ParamsSchema,
  Result extends ResultSchema = ResultSchema,
  Invokers extends readonly Invoker[] = readonly Invoker[],
> {
  /** snake_case; also the tool name, so at most 64 characters. */
  readonly type: Type;
  /** Display title for people ("Create identity"). */
  readonly title: string;
  /** Display icon name (lucide-style) for clients. */
  readonly icon: string;
  /** Written for the model: what the action does and when to use it. */
  readonly description: string;
  /** Parameters; optional fields are written naturally with `.optional()`. */
  readonly params: Params;
  /**
   * What the handler returns as data. A z.object like params: besides matching the API, it keeps
   * type-checking cheap (comparing ZodObject to ZodObject uses variance; comparing it to the wide
   * ZodType interface is structural and tripled the cost of a 1,000-action catalog).
   */
  readonly result: Result;
  /** Who may invoke it. Kept as a literal tuple so phase rules can check "coach" at type level. */
  readonly invokers: Invokers;
  /** True: when the coach proposes it, it becomes a pending action the user approves. */
  readonly confirmation: boolean;
  /**
   * The phases in which the coach may use it (only for coach-invokable actions). The one place
   * this is stated: the phase rules, tools and instructions are derived from it. Absent: the
   * coach never proposes it (user- or system-only actions).
   */
  readonly phases?: readonly Phase[];
  /**
   * Names this action had before (a rename is a migration): pending confirmations stored under
   * an old name are still approved as this action; the audit log keeps the name it was run as.
   */
  readonly renamedFrom?: readonly string[];
  /**
   * What running it does to the user's existing data, where the rest of the definition cannot
   * tell; agents read it as MCP tool hints. Left out: the cautious reading (it may change or
   * remove what exists, and running it twice may do more than once).
   */
  readonly effect?: ActionEffect;
}

/** How an action changes existing data (see `ActionDefinition.effect`). */
interface ActionEffect {
  /** False: it only adds (new records, notes appended); nothing that exists is changed or lost. */
  readonly destructive: boolean;
  /** True: running it again with the same params changes nothing more. */
  readonly idempotent: boolean;
}

export type AnyActionDefinition = ActionDefinition;

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** Tool names are limited to 64 characters by the OpenAI API. */
const MAX_TYPE_LENGTH = 64;

export function defineAction<
  const Type extends string,
  Params extends ParamsSchema,
  Result extends ResultSchema,
  const Invokers extends readonly Invoker[],
>(
  definition: ActionDefinition<Type, Params, Result, Invokers>,
): ActionDefinition<Type, Params, Result, Invokers> {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw new Error(
      `Invalid action definition "${definition.type}":\n${problems.map((problem) => `  action ${definition.type}, ${problem}`).join("\n")}`,
    );
  }
  return Object.freeze({ ...definition, invokers: definition.invokers });
}

/** Run-time checks for what the type system cannot express (or for callers without types). */
function definitionProblems(definition: AnyActionDefinition): string[] {
  const problems: string[] = [];
  const { type, invokers } = definition;
  if (!SNAKE_CASE.test(type)) problems.push("type must be snake_case");
  if (type.length > MAX_TYPE_LENGTH)
    problems.push(`type must be at most ${MAX_TYPE_LENGTH} characters`);
  for (const field of ["title", "icon", "description"] as const) {
    if (definition[field].trim() === "") problems.push(`${field} must not be empty`);
  }
  if (definition.params instanceof z.ZodObject) {
    problems.push(...paramsSchemaProblems(definition.params));
  } else {
    problems.push("params must be a z.object");
  }
  if (!(definition.result instanceof z.ZodObject)) problems.push("result must be a z.object");
  if (invokers.length === 0) problems.push("invokers must not be empty");
  if (new Set(invokers).size !== invokers.length) problems.push("invokers must not repeat");
  for (const invoker of invokers) {
    if (!allInvokers.includes(invoker)) problems.push(`unknown invoker "${invoker}"`);
  }
  for (const old of definition.renamedFrom ?? []) {
    if (!SNAKE_CASE.test(old)) problems.push(`renamedFrom "${old}" must be snake_case`);
    if (old === type) problems.push(`renamedFrom must not list the action's own type`);
  }
  const phases = definition.phases ?? [];
  if (new Set(phases).size !== phases.length) problems.push("phases must not repeat");
  for (const phase of phases) {
    if (!allPhases.includes(phase)) problems.push(`unknown phase "${phase}"`);
  }
  if (phases.length > 0 && !invokers.includes("coach")) {
    problems.push('phases are where the coach may use it: list "coach" among the invokers');
  }
  // A confirmed action is proposed by the coach and applied, once approved, as the user.
  if (definition.confirmation && !(invokers.includes("coach") && invokers.includes("user"))) {
    problems.push('an action that needs confirmation must be invokable by "coach" and "user"');
  }
  return problems;
}
