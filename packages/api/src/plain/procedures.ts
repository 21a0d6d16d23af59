// The router's procedures as the plain-JSON surfaces see them (every one but the admin-only
// ones): path, kind, input JSON Schema and response, read from the router itself, so a new
// procedure appears with no edit here (and fails generation until `responses.ts` names what it
// answers). `callProcedure` runs one through tRPC's own call path: the same middleware (auth,
// rate limits, domain errors, metrics), context and resolvers as a tRPC request.
import type { JsonObject, JsonValue } from "@trellis/actions";
import { isJsonObject } from "@trellis/actions";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { callProcedure as trpcCall, getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { ApiErrorShape } from "@trellis/contract";
import type { z } from "zod";
import type { Context, ContextInput } from "../context.ts";
import { appRouter } from "../router.ts";
import type { Caller } from "../tokens.ts";
import { plainJsonSchema } from "./json-schema.ts";
import { type PlainResponse, plainResponses } from "./responses.ts";

type ProcedureKind = "query" | "mutation" | "subscription";

export interface PlainProcedure {
  /** tRPC's path, e.g. `actions.execute`. */
  path: string;
  kind: ProcedureKind;
  /** Whether it needs a bearer token (all but `health` and `apiVersion`). */
  authenticated: boolean;
  /** The input as one zod-derived JSON Schema (merged from the procedure's inputs); null: none. */
  input: JsonObject | null;
  /** The zod inputs, for reading plain JSON values back (dates). */
  inputSchemas: readonly z.ZodType[];
  response: PlainResponse;
}

const PUBLIC_PATHS = new Set(["health", "apiVersion"]);

function isProcedureKind(value: unknown): value is ProcedureKind {
  return value === "query" || value === "mutation" || value === "subscription";
}

/** A procedure's kind and zod inputs, read from its definition (tRPC keeps them in `_def`). */
function definitionOf(procedure: unknown): { kind: unknown; inputs: z.ZodType[] } {
  const def: unknown = procedure instanceof Object ? Reflect.get(procedure, "_def") : undefined;
  if (!(def instanceof Object)) return { kind: undefined, inputs: [] };
  const inputs: unknown = Reflect.get(def, "inputs");
  return { kind: Reflect.get(def, "type"), inputs: Array.isArray(inputs) ? inputs : [] };
}

let cache: readonly PlainProcedure[] | undefined;

/** Every non-admin procedure, in the router's order. */
export function plainProcedures(): readonly PlainProcedure[] {
  const procedures: Record<string, unknown> = appRouter._def.procedures;
  cache ??= Object.entries(procedures).flatMap(([path, value]) => {
    if (path.startsWith("admin.")) return [];
    const { kind, inputs: inputSchemas } = definitionOf(value);
    if (!isProcedureKind(kind)) return [];
    const response = plainResponses[path];
    if (!response) {
      throw new Error(
        `Procedure ${path} has no response schema: add it to packages/api/src/plain/responses.ts`,
      );
    }
    return [
      {
        path,
        kind,
        authenticated: !PUBLIC_PATHS.has(path),
        input: mergeInputs(inputSchemas.map((schema) => plainJsonSchema(schema, "input"))),
        inputSchemas,
        response,
      },
    ];
  });
  return cache;
}

/**
 * tRPC merges a procedure's object inputs (a subject procedure's `testScenarioId` and its
 * own); the schema does the same: an object's properties join every branch of a union.
 */
function mergeInputs(schemas: readonly JsonObject[]): JsonObject | null {
  const [first, ...rest] = schemas;
  if (!first) return null;
  return rest.reduce(joinProperties, first);
}

function joinProperties(target: JsonObject, extra: JsonObject): JsonObject {
  if (branchesOf(extra) && !branchesOf(target)) return joinProperties(extra, target);
  const branches = branchesOf(target);
  if (branches) {
    const key = target.anyOf ? "anyOf" : "oneOf";
    return {
      ...target,
      [key]: branches.map((branch) =>
        isJsonObject(branch) ? joinProperties(branch, extra) : branch,
      ),
    };
  }
  const own = isJsonObject(target.properties) ? target.properties : {};
  const added = isJsonObject(extra.properties) ? extra.properties : {};
  const required = [
    ...(Array.isArray(target.required) ? target.required : []),
    ...(Array.isArray(extra.required) ? extra.required : []),
  ];
  return {
    ...target,
    type: "object",
    properties: { ...own, ...added },
    ...(required.length > 0 ? { required } : {}),
  };
}

/** Whether an input (any branch of it) has the named property, e.g. `idempotencyKey`. */
export function hasInputProperty(input: JsonObject | null, name: string): boolean {
  if (!input) return false;
  if (isJsonObject(input.properties) && name in input.properties) return true;
  return (branchesOf(input) ?? []).some(
    (branch) => isJsonObject(branch) && hasInputProperty(branch, name),
  );
}

function branchesOf(schema: JsonObject): readonly JsonValue[] | undefined {
  const branches: JsonValue | undefined = schema.anyOf ?? schema.oneOf;
  return Array.isArray(branches) ? branches.filter((branch) => branch !== undefined) : undefined;
}

/** A failed call as the surfaces answer it: the HTTP status and tRPC's formatted error. */
export interface PlainFailure {
  status: number;
  error: TRPCError;
  shape: ApiErrorShape;
}

/** Calls one procedure with a context built like a tRPC request's; the resolver's result. */
export async function callPlain(options: {
  createContext: (input: ContextInput) => Context;
  procedure: PlainProcedure;
  headers: ContextInput["req"]["headers"];
  input: unknown;
  agent?: boolean;
  /** The caller, when the surface has authenticated the request already. */
  caller?: Caller;
  signal?: AbortSignal;
}): Promise<{ ok: true; data: unknown } | ({ ok: false } & PlainFailure)> {
  const { procedure } = options;
  let ctx: Context | undefined;
  try {
    ctx = options.createContext({
      req: { headers: options.headers },
      info: { connectionParams: null, type: procedure.kind, calls: [] },
      ...(options.agent ? { agent: true } : {}),
      ...(options.caller ? { caller: options.caller } : {}),
    });
    const data: unknown = await trpcCall({
      router: appRouter,
      path: procedure.path,
      type: procedure.kind,
      ctx,
      getRawInput: async () => options.input,
      signal: options.signal,
      batchIndex: 0,
    });
    return { ok: true, data };
  } catch (cause) {
    return { ok: false, ...plainFailure(cause, procedure, options.input, ctx) };
  }
}

export function plainFailure(
  cause: unknown,
  procedure: PlainProcedure | undefined,
  input: unknown,
  ctx: Context | undefined,
): PlainFailure {
  const error =
    cause instanceof TRPCError ? cause : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause });
  const shape: ApiErrorShape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: procedure?.kind ?? "unknown",
    path: procedure?.path,
    input,
    ctx,
  });
  return { status: getHTTPStatusCodeFromError(error), error, shape };
}
