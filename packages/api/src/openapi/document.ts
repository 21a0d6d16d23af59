// The OpenAPI 3.1 document of the plain-JSON routes, computed from the router (routes.ts), the
// procedures' zod inputs and the contract's response schemas: nothing in it is written per
// procedure or per action. Served at `/openapi.json`; `docs/openapi.json` is the checked-in copy
// (`pnpm generate`; CI fails when it is stale).
import { isJsonObject, type JsonObject, type JsonValue } from "@trellis/actions";
import { apiErrorShapeSchema } from "@trellis/contract/schemas";
import { plainJsonSchema } from "../plain/json-schema.ts";
import { hasInputProperty } from "../plain/procedures.ts";
import { API_VERSION } from "../version.ts";
import { type PlainRoute, plainRoutes } from "./routes.ts";

const ERROR_REF = { $ref: "#/components/schemas/ApiError" };
const errorContent = { "application/json": { schema: ERROR_REF } };

const DESCRIPTION = [
  "Trellis's API in plain JSON: the same procedures, checks and limits as the tRPC API, without",
  "superjson (dates are ISO 8601 strings). Every route but `health` and `apiVersion` needs",
  "`Authorization: Bearer <token>`. Errors answer `ApiError` with tRPC's code and a `reason`.",
  "Streams answer `text/event-stream`: one JSON event per `data:` line, its id as the SSE id",
  "(send `Last-Event-ID` to resume); the event's schema is named by `x-itemSchema` (OpenAPI",
  "3.2's `itemSchema`, which 3.1 tooling does not read yet).",
].join(" ");

function camel(path: string): string {
  return path.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());
}

function queryParameters(input: JsonObject | null): JsonObject[] {
  if (!input || !isJsonObject(input.properties)) return [];
  const required = Array.isArray(input.required) ? input.required : [];
  return Object.entries(input.properties).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.includes(name),
    schema,
  }));
}

function headerParameters(route: PlainRoute): JsonObject[] {
  const headers: JsonObject[] = [];
  if (route.method === "POST" && hasInputProperty(route.procedure.input, "idempotencyKey")) {
    headers.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "The same as the body's `idempotencyKey` (the body wins): a retry with the same key " +
        "returns the first result and applies nothing twice.",
      schema: { type: "string", minLength: 1, maxLength: 200 },
    });
  }
  if (route.streams && hasInputProperty(route.procedure.input, "lastEventId")) {
    headers.push({
      name: "Last-Event-ID",
      in: "header",
      required: false,
      description: "The id of the last event received: the stream resumes after it.",
      schema: { type: "string" },
    });
  }
  return headers;
}

function requestBody(input: JsonObject | null): JsonObject {
  const required =
    input !== null &&
    ((Array.isArray(input.required) && input.required.length > 0) ||
      Array.isArray(input.anyOf) ||
      Array.isArray(input.oneOf));
  return { required, content: { "application/json": { schema: input ?? { type: "object" } } } };
}

function successResponse(route: PlainRoute): JsonObject {
  const { response } = route.procedure;
  if (route.streams && response.eventName) {
    return {
      description: `Server-sent events; each \`data\` is one ${response.eventName} (JSON)`,
      content: {
        "text/event-stream": {
          schema: { type: "string" },
          "x-itemSchema": { $ref: `#/components/schemas/${response.eventName}` },
        },
      },
    };
  }
  return {
    description: response.summary,
    content: { "application/json": { schema: plainJsonSchema(response.schema, "output") } },
  };
}

function operation(route: PlainRoute): JsonObject {
  const { procedure } = route;
  const parameters = [
    ...(route.method === "GET" ? queryParameters(procedure.input) : []),
    ...headerParameters(route),
  ];
  return {
    operationId: camel(procedure.path),
    summary: procedure.response.summary,
    tags: [procedure.path.includes(".") ? (procedure.path.split(".")[0] ?? "") : "server"],
    ...(procedure.authenticated ? {} : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.method === "POST" ? { requestBody: requestBody(procedure.input) } : {}),
    responses: {
      "200": successResponse(route),
      ...(procedure.authenticated
        ? {
            "401": { description: "No valid token", content: errorContent },
            "429": {
              description: "A rate limit or a cap: retry after `Retry-After` seconds",
              headers: { "Retry-After": { schema: { type: "integer" } } },
              content: errorContent,
            },
          }
        : {}),
      default: {
        description: "An error (tRPC's code, the HTTP status, a reason)",
        content: errorContent,
      },
    },
  };
}

const DEFS_REF = "#/$defs/";
const COMPONENTS_REF = "#/components/schemas/";

/**
 * The schemas' own definitions (`$defs`, e.g. the recursive `Json`) moved to the document's
 * components, and their references pointed there: inside an OpenAPI document `#/$defs/…` would
 * resolve against the document, not the schema it was written in.
 */
function hoistDefsOf(
  values: Record<string, JsonValue>,
  components: Record<string, JsonValue>,
): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, hoistDefs(value, components)]),
  );
}

function hoistDefs(value: JsonValue, components: Record<string, JsonValue>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => hoistDefs(item, components));
  if (!isJsonObject(value)) return value;
  const result: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "$defs" && isJsonObject(child)) {
      for (const [name, def] of Object.entries(child))
        components[name] = hoistDefs(def, components);
    } else if (key === "$ref" && typeof child === "string" && child.startsWith(DEFS_REF)) {
      result[key] = `${COMPONENTS_REF}${child.slice(DEFS_REF.length)}`;
    } else {
      result[key] = hoistDefs(child, components);
    }
  }
  return result;
}

let document: JsonObject | undefined;

export function openApiDocument(): JsonObject {
  if (document) return document;
  const paths: Record<string, JsonObject> = {};
  const eventSchemas: Record<string, JsonObject> = {};
  for (const route of plainRoutes().values()) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
    const { eventName, schema } = route.procedure.response;
    if (route.streams && eventName) eventSchemas[eventName] = plainJsonSchema(schema, "output");
  }
  const defs: Record<string, JsonValue> = {};
  const schemas = { ApiError: plainJsonSchema(apiErrorShapeSchema, "output"), ...eventSchemas };
  document = {
    openapi: "3.1.1",
    info: { title: "Trellis", version: String(API_VERSION), description: DESCRIPTION },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: hoistDefsOf(paths, defs),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (`trl_…`): `pnpm start` prints one; admins issue more.",
        },
      },
      schemas: { ...hoistDefsOf(schemas, defs), ...defs },
    },
  };
  return document;
}
