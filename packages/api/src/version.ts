/**
 * The version of the wire contract (procedures, inputs, outputs, errors). Bump it when a change
 * breaks existing clients (a removed or renamed procedure or field, a narrowed input), with a
 * major changeset of @trellis/sdk; additions do not bump it. `@trellis/sdk` states the version it
 * speaks (its type checker holds it to this one) and `checkServer()` compares it with the
 * server's `apiVersion` procedure.
 */
export const API_VERSION = 1;
