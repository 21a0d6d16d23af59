// The kit's parsers of calls: untrusted params (the API, the MCP tools), stored params (the
// output of an earlier parse, not parsed again), and a model's whole structured reply.
import type { ActionTypeOf, AnyCatalog, CallOf } from "../define/catalog-types.ts";
import { type Phase, phases } from "../domain/phases.ts";
import {
  type CallOutcome,
  type ParsedModelResponse,
  parseResponse,
  type ResponseRules,
} from "../parse/model-response.ts";
import { type ParamsLocation, parseSanitizedParams } from "../parse/params.ts";
import { type Problem, problem } from "../parse/problems.ts";
import { INVALID, newInputBudget, sanitize } from "../parse/sanitize.ts";
import type { JsonValue } from "../schema/json.ts";
import type { CatalogIndex } from "./catalog-index.ts";
import type { ParseActionParamsResult } from "./types.ts";

export interface CallParsers<C extends AnyCatalog> {
  /** A checked call of a known type as the catalog's call type; undefined for another type. */
  validatedCall(type: string, params: unknown): CallOf<C> | undefined;
  parseActionParams(type: string, params: unknown): ParseActionParamsResult<CallOf<C>>;
  storedCall(type: string, params: unknown): ParseActionParamsResult<CallOf<C>>;
  parseModelResponse(phase: Phase, raw: unknown): ParsedModelResponse<CallOf<C>>;
}

export function callParsers<C extends AnyCatalog>(index: CatalogIndex<C>): CallParsers<C> {
  const { isActionType } = index;
  /**
   * The one place a run-time check becomes a static type: `params` has just passed
   * `catalog[type].params`, but TypeScript cannot relate a key known only at run time to the
   * mapped type `CallOf<C>`. Everything that returns calls goes through here.
   */
  function validatedCall(type: ActionTypeOf<C>, params: unknown): CallOf<C> {
    return { type, params } as CallOf<C>;
  }

  function parseCall(
    type: string,
    params: JsonValue,
    location: ParamsLocation,
  ): CallOutcome<CallOf<C>> {
    const found = index.definitionOf(type);
    if (found === undefined || !isActionType(type)) {
      return {
        ok: false,
        problems: [
          problem(
            location.index,
            location.base,
            "a known action type",
            JSON.stringify(type),
            "Unknown action type",
          ),
        ],
      };
    }
    const outcome = parseSanitizedParams(found, params, location);
    return outcome.ok ? { ok: true, call: validatedCall(type, outcome.params) } : outcome;
  }

  function parseActionParams(type: string, params: unknown): ParseActionParamsResult<CallOf<C>> {
    if (typeof type !== "string" || !isActionType(type)) {
      return { ok: false, error: { kind: "unknown_action" } };
    }
    const issues: Problem[] = [];
    const base = ["params"];
    const sanitized = sanitize(
      params,
      base,
      newInputBudget(),
      (path, expected, received, message) => {
        issues.push(problem(null, path, expected, received, message));
      },
    );
    if (sanitized === INVALID) return { ok: false, error: { kind: "invalid_params", issues } };
    const outcome = parseCall(type, sanitized, { base, index: null });
    return outcome.ok
      ? outcome
      : { ok: false, error: { kind: "invalid_params", issues: outcome.problems } };
  }

  function responseRules(phase: Phase): ResponseRules<CallOf<C>> {
    return {
      phase,
      allowedTypes: index.coachActionsForPhase(phase),
      isKnownType: index.isKnownType,
      isCoachType: (type) => index.canInvoke(type, "coach"),
      parseCall,
    };
  }

  return {
    validatedCall: (type, params) => (isActionType(type) ? validatedCall(type, params) : undefined),
    parseActionParams,
    storedCall(type, params) {
      const current = index.currentType(type);
      if (current === undefined) return { ok: false, error: { kind: "unknown_action" } };
      return { ok: true, call: validatedCall(current, params) };
    },
    parseModelResponse(phase, raw) {
      if (!index.isPhase(phase)) return unknownPhase(phase);
      return parseResponse(raw, responseRules(phase));
    },
  };
}

function unknownPhase<Call>(phase: string): ParsedModelResponse<Call> {
  const problems = [
    problem(
      null,
      [],
      `a known phase (${phases.join(", ")})`,
      JSON.stringify(String(phase)),
      "Unknown phase",
    ),
  ];
  return { message: null, actions: [], planned: [], rejected: [], problems, ok: false };
}
