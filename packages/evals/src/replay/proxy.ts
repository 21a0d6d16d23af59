// An OpenAI-compatible endpoint on 127.0.0.1 between the coach and the model: it replays the
// recorded reply of each request (keyed by the canonical request's hash), or, when recording,
// forwards the request to the real endpoint (or the scripted test server) and keeps the reply.
// The coach reaches it through its public model config (`baseURL`), so every call goes through
// the real OpenAI SDK, provider, metering and turn, exactly as in production.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readBody, sendJson } from "@trellis/ai/testing";
import { IdCanon, requestKey } from "./canonical.ts";
import type { Recordings } from "./recordings.ts";

export type ReplayMode =
  | { kind: "replay" }
  /** Missing keys (or trials) are asked upstream; `fresh` asks for every call. */
  | { kind: "record"; upstream: string; apiKey: string; fresh: boolean };

/** One model call of a case run, with this run's ids (for the scores). */
interface CapturedCall {
  request: unknown;
  /** The reply body, or null when there was none (a replay miss, an upstream error). */
  reply: unknown;
}

/** One case run's view of the endpoint: its base URL and what happened on it. */
interface CaseChannel {
  readonly baseURL: string;
  readonly calls: CapturedCall[];
  /** Request hashes with no recording (replay), or that failed upstream (record). */
  readonly misses: string[];
  /**
   * True while every call was replayed from a key with one recorded reply: another trial of
   * the same case would get the same replies, so the same outcome.
   */
  readonly repeatable: boolean;
  /** Replies come only from recordings: a failed model call is the machine's, not the model's. */
  readonly replaying: boolean;
  close(): void;
}

export interface ModelProxy {
  open(caseId: string, trial: number, ids: ReadonlyMap<string, string>): CaseChannel;
  close(): Promise<void>;
}

interface Channel {
  caseId: string;
  trial: number;
  canon: IdCanon;
  calls: CapturedCall[];
  misses: string[];
  repeatable: boolean;
}

export async function startModelProxy(
  recordings: Recordings,
  mode: ReplayMode,
): Promise<ModelProxy> {
  const channels = new Map<string, Channel>();
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/c\/(\d+)\/v1\/chat\/completions$/.exec(req.url ?? "");
    const channel = match?.[1] === undefined ? undefined : channels.get(match[1]);
    if (req.method !== "POST" || channel === undefined)
      return sendJson(res, 404, { error: { message: "unknown eval channel" } });
    const body: unknown = JSON.parse(await readBody(req));
    if (isRecord(body) && body.stream === true) {
      return sendJson(res, 400, { error: { message: "the eval proxy does not stream" } });
    }
    const canonical: unknown = JSON.parse(channel.canon.canonical(JSON.stringify(body)));
    const key = requestKey(canonical);
    let reply = recordedFor(channel, key);
    if (mode.kind === "record" || recordings.count(channel.caseId, key) !== 1)
      channel.repeatable = false;
    if (reply === undefined && mode.kind === "record") {
      reply = await forward(mode, channel, body);
      if (reply !== undefined) {
        const stored: unknown = JSON.parse(channel.canon.canonical(JSON.stringify(reply)));
        recordings.add(channel.caseId, key, about(body), toJsonValue(stored));
      }
    }
    if (reply === undefined) {
      channel.misses.push(key);
      channel.calls.push({ request: body, reply: null });
      // Not retried by the SDK: a miss is final, and the runner names the case.
      return sendJson(
        res,
        500,
        { error: { message: `no recorded reply for case ${channel.caseId} (request ${key})` } },
        { "x-should-retry": "false" },
      );
    }
    const concrete: unknown = JSON.parse(channel.canon.concrete(JSON.stringify(reply)));
    channel.calls.push({ request: body, reply: concrete });
    return sendJson(res, 200, concrete);
  };

  const recordedFor = (channel: Channel, key: string): unknown => {
    if (
      mode.kind === "record" &&
      (mode.fresh || recordings.count(channel.caseId, key) <= channel.trial)
    ) {
      return undefined;
    }
    return recordings.find(channel.caseId, key, channel.trial);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent)
        sendJson(
          res,
          500,
          { error: { message: `eval proxy: ${message}` } },
          { "x-should-retry": "false" },
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("eval proxy: no TCP address");
  return {
    open(caseId, trial, ids) {
      const token = String(++counter);
      const channel: Channel = {
        caseId,
        trial,
        canon: new IdCanon(ids),
        calls: [],
        misses: [],
        repeatable: true,
      };
      channels.set(token, channel);
      return {
        baseURL: `http://127.0.0.1:${address.port}/c/${token}/v1`,
        calls: channel.calls,
        misses: channel.misses,
        get repeatable() {
          return channel.repeatable;
        },
        replaying: mode.kind === "replay",
        close: () => channels.delete(token),
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Asks the upstream endpoint; undefined when it did not answer 200 (not recorded). */
async function forward(
  mode: Extract<ReplayMode, { kind: "record" }>,
  channel: Channel,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${mode.upstream.replace(/\/$/, "")}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${mode.apiKey}`,
      // The scripted test server picks the case's script by it; real endpoints ignore it.
      "x-eval-case": channel.caseId,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) return undefined;
  return response.json();
}

function about(body: unknown): string {
  if (!isRecord(body)) return "";
  const format =
    isRecord(body.response_format) && isRecord(body.response_format.json_schema)
      ? String(body.response_format.json_schema.name)
      : `${Array.isArray(body.tools) ? body.tools.length : 0} tools`;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const user = messages.filter((m) => isRecord(m) && m.role === "user").at(-1);
  const text = isRecord(user) && typeof user.content === "string" ? user.content.slice(0, 80) : "";
  return `${String(body.model)} · ${format} · ${messages.length} messages · ${text}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON.parse output is JSON: this only narrows its type (non-JSON values become null). */
function toJsonValue(value: unknown): JsonValue {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  )
    return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return null;
}
