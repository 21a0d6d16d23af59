// Where each procedure answers in plain JSON: `/api/<path with slashes>`. A query (and a stream
// whose input fits in query parameters) is a GET; a mutation, or a stream whose input does not
// fit, is a POST with a JSON body. Derived from the router, so the REST handler and the OpenAPI
// document cannot disagree.
import { fitsQuery } from "../plain/plain-input.ts";
import { type PlainProcedure, plainProcedures } from "../plain/procedures.ts";

export const REST_PREFIX = "/api";

export interface PlainRoute {
  method: "GET" | "POST";
  /** e.g. `/api/actions/execute` */
  path: string;
  procedure: PlainProcedure;
  /** A stream of server-sent events rather than one JSON response. */
  streams: boolean;
}

let routes: ReadonlyMap<string, PlainRoute> | undefined;

/** Every route by `METHOD /path`. */
export function plainRoutes(): ReadonlyMap<string, PlainRoute> {
  routes ??= new Map(
    plainProcedures().map((procedure) => {
      const method = procedure.kind === "mutation" || !fitsQuery(procedure.input) ? "POST" : "GET";
      const path = `${REST_PREFIX}/${procedure.path.replaceAll(".", "/")}`;
      const route: PlainRoute = {
        method,
        path,
        procedure,
        streams: procedure.kind === "subscription",
      };
      return [`${method} ${path}`, route];
    }),
  );
  return routes;
}
