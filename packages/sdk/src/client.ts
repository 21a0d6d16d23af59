// createClient: queries and mutations over batched HTTP, subscriptions over SSE, superjson on
// both, and the bearer token on both (a header for HTTP; tRPC's `connectionParams` for SSE,
// because a browser's EventSource cannot send headers: the server accepts either).

import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
} from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./router.ts";

/** A minimal EventSource instance, as tRPC uses it. */
export interface EventSourceInstance {
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSED: number;
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** An EventSource class: the browser's, or a polyfill (in Node: the `eventsource` package). */
export type EventSourceClass = new (
  url: string,
  init?: { withCredentials?: boolean },
) => EventSourceInstance;

export interface ClientOptions {
  /** The server's base URL (`http://127.0.0.1:3000`) or its tRPC endpoint (`…/trpc`). */
  url: string;
  /** An API token, or a function returning the current one (called per request). */
  token: string | (() => string | Promise<string>);
  /** Defaults to the global EventSource (browsers); Node needs a polyfill for subscriptions. */
  EventSource?: EventSourceClass;
  /** Extra headers for queries and mutations. */
  headers?: Record<string, string>;
}

export type TrellisClient = TRPCClient<AppRouter>;

/**
 * Stands in for a missing EventSource (Node has no global one): opening a subscription fails
 * with an error that names the option, instead of tRPC's "opts.EventSource is not a
 * constructor". Queries and mutations do not need one.
 */
class MissingEventSource implements EventSourceInstance {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readonly readyState = 2;
  constructor() {
    throw new Error(
      "@trellis/sdk: subscriptions need an EventSource, and this runtime has none. Pass one to " +
        'createClient({ EventSource }); in Node: `import { EventSource } from "eventsource"`.',
    );
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  close(): void {}
}

/** The EventSource subscriptions use: the option, the global one, or a clear failure. */
function eventSourceClass(option: EventSourceClass | undefined): EventSourceClass {
  if (option) return option;
  const global: { EventSource?: EventSourceClass } = globalThis;
  return global.EventSource ?? MissingEventSource;
}

/** `…/trpc` from a base URL or the endpoint itself, without a trailing slash. */
export function trpcUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return trimmed.endsWith("/trpc") ? trimmed : `${trimmed}/trpc`;
}

export function createClient(options: ClientOptions): TrellisClient {
  const url = trpcUrl(options.url);
  const token = async (): Promise<string> =>
    typeof options.token === "function" ? options.token() : options.token;
  return createTRPCClient<AppRouter>({
    links: [
      idempotencyKeyLink(),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          connectionParams: async () => ({ token: await token() }),
          EventSource: eventSourceClass(options.EventSource),
        }),
        false: httpBatchLink({
          url,
          transformer: superjson,
          // The server refuses batches of more calls (its default maxBatchSize).
          maxItems: 50,
          headers: async () => ({
            ...options.headers,
            authorization: `Bearer ${await token()}`,
          }),
        }),
      }),
    ],
  });
}

/**
 * Gives every `chat.send` without an idempotency key a fresh one, so the server can resume the
 * turn after a crash and never runs it twice. To retry a turn, pass your own key each time.
 */
function idempotencyKeyLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      const { input } = op;
      const needsKey =
        op.path === "chat.send" &&
        typeof input === "object" &&
        input !== null &&
        !("idempotencyKey" in input && input.idempotencyKey);
      return next(
        needsKey ? { ...op, input: { ...input, idempotencyKey: crypto.randomUUID() } } : op,
      );
    };
}
