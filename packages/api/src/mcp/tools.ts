// The MCP tools, computed: one per action a user may invoke (its title, description, params
// JSON Schema, result schema and behaviour hints, all from its definition), plus the few
// procedures an agent needs around them (read the state, the history and the action log; send
// the coach a message). A new action becomes a tool with no edit here.
import {
  catalog,
  type JsonObject,
  paramsJsonSchema,
  resultJsonSchema,
  type ToolHints,
  toolHints,
} from "@trellis/actions";
import { userActionTypes } from "../plain/action-inputs.ts";
import { plainJsonSchema } from "../plain/json-schema.ts";
import { type PlainProcedure, plainProcedures } from "../plain/procedures.ts";

export interface McpTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonObject;
  outputSchema: JsonObject;
  annotations: ToolHints & { title: string };
  /** What a call runs: an action (through `actions.execute`), or a procedure with its input. */
  target: { kind: "action"; type: string } | { kind: "procedure"; procedure: PlainProcedure };
}

/** The procedures an agent reaches as tools, besides the actions (by tRPC path). */
const procedureTools = [
  { name: "get_state", path: "state.get", title: "Read the coaching state", readOnly: true },
  { name: "get_history", path: "chat.history", title: "Read the conversation", readOnly: true },
  { name: "get_action_log", path: "actions.log", title: "Read the action log", readOnly: true },
  { name: "send_message", path: "chat.send", title: "Send the coach a message", readOnly: false },
] as const;

const CONFIRMATION_NOTE =
  " Needs the user's confirmation: the call proposes it, and it applies only once the user " +
  "approves exactly these params (asked here when the client supports elicitation, otherwise " +
  'in Trellis: the result is "pending" with the pending action\'s id).';

/** What a tool call of an action answers: its outcome, `result` shaped by the definition. */
function outcomeSchema(result: JsonObject): JsonObject {
  return {
    type: "object",
    properties: {
      status: { type: "string", enum: ["completed", "failed", "pending_confirmation"] },
      actionId: { type: ["string", "null"] },
      type: { type: "string" },
      replayed: { type: "boolean" },
      summary: { type: "string" },
      result,
      pendingActionId: {
        type: "string",
        description: "Set when pending: the confirmation the user approves or rejects",
      },
      params: { type: "object", description: "Set when pending: the params proposed" },
      error: { type: "object", description: "Set when failed: kind, message, field errors" },
    },
    required: ["status", "type", "summary"],
  };
}

function actionTool(type: (typeof catalog)[keyof typeof catalog]["type"]): McpTool {
  const definition = catalog[type];
  return {
    name: type,
    title: definition.title,
    description: definition.confirmation
      ? `${definition.description}${CONFIRMATION_NOTE}`
      : definition.description,
    inputSchema: paramsJsonSchema(type),
    outputSchema: outcomeSchema(resultJsonSchema(type)),
    annotations: { title: definition.title, ...toolHints(type) },
    target: { kind: "action", type },
  };
}

function procedureTool(spec: (typeof procedureTools)[number]): McpTool {
  const procedure = plainProcedures().find((candidate) => candidate.path === spec.path);
  if (!procedure) throw new Error(`MCP tool ${spec.name}: no procedure ${spec.path}`);
  return {
    name: spec.name,
    title: spec.title,
    description: procedure.response.summary,
    inputSchema: procedure.input ?? { type: "object", properties: {} },
    outputSchema: plainJsonSchema(procedure.response.schema, "output"),
    annotations: {
      title: spec.title,
      readOnlyHint: spec.readOnly,
      destructiveHint: !spec.readOnly,
      idempotentHint: spec.readOnly,
      openWorldHint: false,
    },
    target: { kind: "procedure", procedure },
  };
}

let tools: ReadonlyMap<string, McpTool> | undefined;

/** Every tool by name; an action named like a procedure tool fails here, naming both. */
export function mcpTools(): ReadonlyMap<string, McpTool> {
  if (tools) return tools;
  const all = [...userActionTypes().map(actionTool), ...procedureTools.map(procedureTool)];
  const byName = new Map<string, McpTool>();
  for (const tool of all) {
    if (byName.has(tool.name)) {
      throw new Error(`MCP tool name ${tool.name} is taken twice (an action and a procedure tool)`);
    }
    byName.set(tool.name, tool);
  }
  tools = byName;
  return tools;
}
