// The live action timeline's rows: every action of the user, newest first, with its status as it
// changes (running → done | did not work | waiting for you → you approved | you declined).
// Seeded from the audit log (earlier rows load on demand, a page at a time), then fed by the
// `events.subscribe` stream; a confirmation the user answers is resolved in place. The list
// that shows them (timeline.tsx) loads after the message box; the rows are needed at once.
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ActionEventMessage, ActionLogEntryDto, Json } from "@trellis/sdk";
import { useCallback, useMemo, useState } from "react";
import { useTRPC } from "../api.tsx";
import type { ActionStatusWord } from "./action-words.ts";

interface TimelineEntry {
  actionId: string;
  actionType: string;
  status: ActionStatusWord;
  /** Params or result: what the row's detail line reads. */
  data: Json | undefined;
  chatMessageId: string | null;
  at: Date;
}

function entryOfLog(row: ActionLogEntryDto): TimelineEntry {
  return {
    actionId: row.id,
    actionType: row.type,
    status: row.status,
    data: row.result ?? row.params,
    chatMessageId: row.chatMessageId,
    at: row.createdAt,
  };
}

function entryOfEvent(event: ActionEventMessage): TimelineEntry {
  return {
    actionId: event.actionId,
    actionType: event.actionType,
    status: event.kind,
    data: event.data,
    chatMessageId: null,
    at: new Date(event.createdAt),
  };
}

export interface Timeline {
  entries: readonly TimelineEntry[];
  hasEarlier: boolean;
  loadingEarlier: boolean;
  loadEarlier(): void;
  /** A live event: the action's row changes (or appears at the top). */
  add(event: ActionEventMessage): void;
  /** The user answered a confirmation: its row says so at once. */
  resolve(actionId: string, status: "approved" | "rejected"): void;
}

/** Live rows and changes, laid over the log's pages (newest first, each action once). */
export function useTimeline(scenario: { testScenarioId?: string }): Timeline {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.actions.log.infiniteQueryOptions(
      { limit: 30, ...scenario },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const [live, setLive] = useState<ReadonlyMap<string, TimelineEntry>>(new Map());
  const entries = useMemo(() => {
    const stored = (log.data?.pages ?? []).flatMap((page) => page.items.map(entryOfLog));
    const storedIds = new Set(stored.map((entry) => entry.actionId));
    const fresh = [...live.values()].filter((entry) => !storedIds.has(entry.actionId)).reverse();
    return [
      ...fresh,
      ...stored.map((entry) => {
        const change = live.get(entry.actionId);
        return change
          ? { ...entry, status: change.status, data: change.data ?? entry.data }
          : entry;
      }),
    ];
  }, [log.data, live]);
  const add = useCallback((event: ActionEventMessage) => {
    setLive((old) => {
      const next = new Map(old);
      next.delete(event.actionId);
      next.set(event.actionId, entryOfEvent(event));
      return next;
    });
  }, []);
  const resolve = useCallback((actionId: string, status: "approved" | "rejected") => {
    setLive((old) => {
      const known = old.get(actionId);
      const next = new Map(old);
      next.set(actionId, {
        actionId,
        actionType: known?.actionType ?? "",
        status,
        data: known?.data,
        chatMessageId: known?.chatMessageId ?? null,
        at: known?.at ?? new Date(),
      });
      return next;
    });
  }, []);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = log;
  return {
    entries,
    hasEarlier: hasNextPage,
    loadingEarlier: isFetchingNextPage,
    loadEarlier: useCallback(() => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    }, [fetchNextPage, hasNextPage, isFetchingNextPage]),
    add,
    resolve,
  };
}
