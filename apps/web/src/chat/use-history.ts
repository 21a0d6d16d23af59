// The conversation as the page holds it: pages of `chat.history` (newest first on the wire),
// loaded further back on demand, and a finished turn written straight into the cache (its
// messages came with the stream: nothing is refetched).
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import type { ChatMessageDto, TurnResult } from "@trellis/sdk";
import { useCallback, useMemo } from "react";
import { useTRPC } from "../api.tsx";

const PAGE = 30;

export interface History {
  /** Oldest first, each message once. */
  messages: readonly ChatMessageDto[];
  status: "pending" | "error" | "success";
  error: unknown;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  loadEarlier(): void;
  /** Adds a finished turn's two messages (no refetch). */
  addTurn(message: string, result: TurnResult): void;
  /** Adds a stored user message whose turn was stopped. */
  addUserMessage(id: string, content: string): void;
  /** Fetches the newest page and adds what is new (another tab or device wrote). */
  refresh(): void;
}

export function useHistory(scenario: { testScenarioId?: string }): History {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { limit: PAGE, ...scenario };
  const options = trpc.chat.history.infiniteQueryOptions(input, {
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const query = useInfiniteQuery(options);
  const { queryKey } = options;

  const messages = useMemo(() => {
    const seen = new Set<string>();
    const all: ChatMessageDto[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        all.push(item);
      }
    }
    return all.reverse();
  }, [query.data]);

  /** Puts messages (newest first) at the head of the newest page, each once. */
  const prepend = useCallback(
    (newestFirst: readonly ChatMessageDto[]) => {
      queryClient.setQueryData(queryKey, (data) => {
        if (!data) return data;
        const [first, ...rest] = data.pages;
        const known = new Set(first?.items.map((item) => item.id));
        const fresh = newestFirst.filter((item) => !known.has(item.id));
        const head = {
          items: [...fresh, ...(first?.items ?? [])],
          nextCursor: first?.nextCursor ?? null,
        };
        return { ...data, pages: [head, ...rest] };
      });
    },
    [queryClient, queryKey],
  );

  const addTurn = useCallback(
    (message: string, result: TurnResult) => {
      const now = new Date();
      const coach: ChatMessageDto = {
        id: result.coachMessage.id,
        role: "coach",
        content: result.coachMessage.content,
        component: result.coachMessage.component,
        phase: result.coachMessage.phase,
        promptVersion: result.coachMessage.promptVersion,
        createdAt: now,
      };
      prepend([coach, userMessage(result.userMessageId, message, now)]);
    },
    [prepend],
  );

  const addUserMessage = useCallback(
    (id: string, content: string) => prepend([userMessage(id, content, new Date())]),
    [prepend],
  );

  const { fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = query;
  const newest = trpc.chat.history.queryOptions(input);
  const refresh = useCallback(async () => {
    const current = queryClient.getQueryData(queryKey)?.pages[0]?.items ?? [];
    const page = await queryClient.fetchQuery({ ...newest, staleTime: 0 });
    const known = new Set(current.map((item) => item.id));
    // No overlap: more arrived than a page holds; start again from the newest (a refetch
    // keeps the pages loaded so far, newest first).
    if (current.length > 0 && !page.items.some((item) => known.has(item.id))) {
      await refetch();
      return;
    }
    prepend(page.items.filter((item) => !known.has(item.id)));
  }, [queryClient, queryKey, newest, prepend, refetch]);
  return {
    messages,
    status: query.status,
    error: query.error,
    hasEarlier: hasNextPage,
    loadingEarlier: isFetchingNextPage,
    loadEarlier: useCallback(() => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    }, [fetchNextPage, hasNextPage, isFetchingNextPage]),
    addTurn,
    addUserMessage,
    refresh: useCallback(() => void refresh(), [refresh]),
  };
}

function userMessage(id: string, content: string, createdAt: Date): ChatMessageDto {
  return {
    id,
    role: "user",
    content,
    component: null,
    phase: null,
    promptVersion: null,
    createdAt,
  };
}
