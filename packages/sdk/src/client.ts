// createClient: queries and mutations over batched HTTP, subscriptions over SSE, superjson on
// both, and the bearer token on both (a header for HTTP; tRPC's `connectionParams` for SSE,
// because a browser's EventSource cannot send headers: the server accepts either).
import type { AppRouter } from "@trellis/api";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from "@trpc/client";
import superjson from "superjson";

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
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          connectionParams: async () => ({ token: await token() }),
          ...(options.EventSource ? { EventSource: options.EventSource } : {}),
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
