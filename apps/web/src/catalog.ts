// The action catalog as the UI needs it: title and icon (icons.tsx) per action type, and the params JSON
// Schema a confirmation's edit form is built from. Fetched once per session (it changes only
// with a server release).
import { useQuery } from "@tanstack/react-query";
import type { CatalogEntryDto } from "@trellis/sdk";
import { useMemo } from "react";
import { useTRPC } from "./api.tsx";

export type Catalog = ReadonlyMap<string, CatalogEntryDto>;

export function useCatalog(): Catalog {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.actions.catalog.queryOptions(undefined, { staleTime: Infinity }));
  return useMemo(() => new Map((data ?? []).map((entry) => [entry.type, entry])), [data]);
}

/** The action's title, or its type while the catalog loads (or for a retired type). */
export function titleOf(catalog: Catalog, type: string): string {
  return catalog.get(type)?.title ?? type;
}
