// Who is signed in: an API token kept in the browser's localStorage until sign-out. A sign-in
// link carries the token in the URL fragment (`/#token=…`: never sent to a server, so it is in
// no request log); the app takes it, stores it and removes it from the address bar.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { forgetUserId } from "./known-user.ts";

const STORAGE_KEY = "trellis.token";
/** Set when the server refused the token, so a reload still says why the user is signed out. */
const EXPIRED_KEY = "trellis.expired";

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The token of a sign-in link (`#token=…`), removed from the address bar once read. */
export function takeTokenFromLink(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get("token");
  if (!token) return null;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return token;
}

export interface Auth {
  token: string | null;
  signIn(token: string): void;
  /** Forgets the token; `expired` tells the sign-in page why the user is back. */
  signOut(reason?: "expired"): void;
  /** Set when the server refused the stored token (401). */
  expired: boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({
  initialToken,
  children,
}: {
  initialToken: string | null;
  children: ReactNode;
}) {
  const [token, setToken] = useState<string | null>(() => {
    if (initialToken && initialToken !== stored()) {
      forgetUserId();
      window.localStorage.setItem(STORAGE_KEY, initialToken);
    }
    return initialToken ?? stored();
  });
  const [expired, setExpired] = useState(
    () => window.sessionStorage.getItem(EXPIRED_KEY) !== null && !stored(),
  );
  const signIn = useCallback((next: string) => {
    if (next !== stored()) forgetUserId();
    window.localStorage.setItem(STORAGE_KEY, next);
    window.sessionStorage.removeItem(EXPIRED_KEY);
    setExpired(false);
    setToken(next);
  }, []);
  const signOut = useCallback((reason?: "expired") => {
    // A request refused after the user signed out (the token revoked on purpose) expires nothing.
    if (reason === "expired" && stored() === null) return;
    window.localStorage.removeItem(STORAGE_KEY);
    forgetUserId();
    if (reason === "expired") window.sessionStorage.setItem(EXPIRED_KEY, "1");
    else window.sessionStorage.removeItem(EXPIRED_KEY);
    setExpired(reason === "expired");
    setToken(null);
  }, []);
  // A sign-in link opened in a tab already showing the app changes only the fragment.
  useEffect(() => {
    const onHashChange = () => {
      const linked = takeTokenFromLink();
      if (linked) signIn(linked);
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [signIn]);
  const value = useMemo(
    () => ({ token, signIn, signOut, expired }),
    [token, signIn, signOut, expired],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
