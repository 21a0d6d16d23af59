// Signing out ends the session on the server, not only in this browser: the token is revoked
// (`account.signOut`), so a copy of it (another tab, a history entry, a log) is refused from
// then on. The browser forgets it first, whatever the server answers: an unreachable server
// must not keep anyone signed in here, and a request refused because of the revocation then
// finds no session to call "expired".
import { useCallback } from "react";
import { useTRPCClient } from "./api.tsx";
import { useAuth } from "./auth.tsx";

export function useSignOut(): () => Promise<void> {
  const client = useTRPCClient();
  const { signOut } = useAuth();
  return useCallback(async () => {
    signOut();
    try {
      await client.account.signOut.mutate();
    } catch {
      // Offline, or the token was already refused: nothing left to revoke from here.
    }
  }, [client, signOut]);
}
