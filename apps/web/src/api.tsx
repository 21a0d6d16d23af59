// The API as React sees it: @trellis/sdk's client (its links: batching, SSE subscriptions,
// superjson, idempotency keys) inside tRPC's TanStack React Query integration. A 401 anywhere
// (query, mutation, subscription) signs the user out and back to the sign-in page.
import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from "@tanstack/react-query";
import { type AppRouter, createClient, errorData, type TrellisClient } from "@trellis/sdk";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";

const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
export { useTRPC, useTRPCClient };

export function isUnauthorized(error: unknown): boolean {
  return errorData(error)?.httpStatus === 401;
}

export function ApiProvider({
  token,
  onUnauthorized,
  children,
}: {
  token: string;
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (isUnauthorized(error)) onUnauthorized();
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          // A refused request is not retried (401, 403, invalid input); a dropped one is, once.
          retry: (count, error) => count < 1 && (errorData(error)?.httpStatus ?? 500) >= 500,
          refetchOnWindowFocus: false,
        },
      },
    });
  });
  const [client] = useState<TrellisClient>(() =>
    createClient({ url: window.location.origin, token }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
