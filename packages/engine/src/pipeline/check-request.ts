// The pipeline's checks before any transaction: the params parse, the invoker may call the
// action, and the catalog's confirmation rule says whether it applies now or waits for the
// user. Pure: what fails here is recorded as a failed attempt without touching the state.
import { catalog, parseActionParams, storedCall, unconfirmedWrites } from "@trellis/actions";
import { type ActionError, ActionNotAllowedError, ActionValidationError } from "../errors.ts";
import type { ActionRequest, Approval } from "./request.ts";

/** A call whose type and params the catalog checked (its params typed by its type). */
export type CheckedCall = Extract<ReturnType<typeof parseActionParams>, { ok: true }>["call"];

export type CheckedRequest =
  | {
      readonly ok: true;
      readonly call: CheckedCall;
      /** The user must confirm it first: it is recorded as pending, not applied. */
      readonly awaitsUser: boolean;
    }
  | { readonly ok: false; readonly error: ActionError };

export function checkRequest(request: ActionRequest, approval: Approval | null): CheckedRequest {
  // Stored params are the output of a parse: parsing them again would apply transforms twice.
  const parsed = approval?.stored
    ? storedCall(request.type, request.params)
    : parseActionParams(request.type, request.params);
  if (!parsed.ok) {
    const error =
      parsed.error.kind === "unknown_action"
        ? new ActionValidationError(request.type, `Unknown action type '${request.type}'`)
        : new ActionValidationError(
            request.type,
            "Invalid params",
            parsed.error.issues.map((issue) => ({
              path: paramPath(issue.path),
              message: issue.message,
            })),
          );
    return { ok: false, error };
  }
  const call = parsed.call;
  const definition = catalog[call.type];
  if (!definition.invokers.some((invoker) => invoker === request.invoker)) {
    const message = `${call.type} cannot be invoked by ${request.invoker}`;
    return { ok: false, error: new ActionNotAllowedError(call.type, message) };
  }
  // The catalog's confirmation rule: a field the user confirms through one action cannot be
  // set by the coach through another (the coach proposes it through the confirmed one).
  const unconfirmed =
    request.invoker === "coach" || request.agent === true
      ? unconfirmedWrites(call.type, call.params)
      : [];
  // What the user must confirm first: the coach's proposal of a confirmed action, and an
  // agent's call of one, or of a param only the user may set (the coach is refused that).
  const awaitsUser =
    (definition.confirmation && (request.invoker === "coach" || request.agent === true)) ||
    (request.agent === true && unconfirmed.length > 0);
  if (unconfirmed.length > 0 && !awaitsUser) {
    const message = unconfirmed
      .map(
        ({ param, confirmThrough }) =>
          `${param} needs the user's confirmation: propose it with ${confirmThrough.join(" or ")}`,
      )
      .join("; ");
    return { ok: false, error: new ActionNotAllowedError(call.type, message) };
  }
  return { ok: true, call, awaitsUser };
}

/** Field paths relative to the params object, as a form would name them ("name", "items.0"). */
function paramPath(path: string): string {
  return path.replace(/^params\.?/, "");
}
