// Routes: sign-in when there is no token; otherwise the chat (`/`) and, for admins, the
// operator console (`/console/…`), a separate chunk loaded only when an operator opens it.
import { useQuery } from "@tanstack/react-query";
import { LogOut, Sprout } from "lucide-react";
import { lazy, Suspense } from "react";
import { Link, Route, Switch } from "wouter";
import { ApiProvider, useTRPC } from "./api.tsx";
import { useAuth } from "./auth.tsx";
import { ChatPage } from "./chat/chat-page.tsx";
import { describeError } from "./errors.ts";
import { SignIn } from "./sign-in.tsx";
import { useSignOut } from "./sign-out.ts";
import { PageTitle } from "./page-title.tsx";

const Console = lazy(() => import("./admin/console.tsx"));

export function App() {
  const session = useAuth();
  if (!session.token) return <SignIn />;
  return (
    <ApiProvider
      key={session.token}
      token={session.token}
      onUnauthorized={() => session.signOut("expired")}
    >
      <Shell />
    </ApiProvider>
  );
}

function Shell() {
  const trpc = useTRPC();
  const signOut = useSignOut();
  const me = useQuery({ ...trpc.account.me.queryOptions(), staleTime: Infinity });
  const admin = me.data?.role === "admin";
  return (
    <div className="shell">
      <header className="container-fluid app-header">
        <nav aria-label="Main">
          <ul>
            <li>
              <strong className="brand">
                <Sprout aria-hidden="true" size={20} /> Trellis
              </strong>
            </li>
            <li>
              <Link href="/">Coach</Link>
            </li>
            {admin && (
              <li>
                <Link href="/console">Console</Link>
              </li>
            )}
          </ul>
          <ul>
            {me.data && (
              <li className="account-email">
                <small>{me.data.email}</small>
              </li>
            )}
            <li>
              <button
                type="button"
                className="secondary outline icon-button"
                onClick={() => void signOut()}
              >
                <LogOut aria-hidden="true" size={16} /> Sign out
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main className="container-fluid app-main">
        {me.isError && <p role="alert">{describeError(me.error)}</p>}
        <Switch>
          <Route path="/">
            <ChatPage />
          </Route>
          <Route path="/console" nest>
            {admin ? (
              <Suspense fallback={<p aria-busy="true">Loading the console…</p>}>
                <Console />
              </Suspense>
            ) : me.isPending ? (
              <p aria-busy="true">Loading…</p>
            ) : (
              <p role="alert">The console is for operators (admin accounts).</p>
            )}
          </Route>
          <Route>
            <PageTitle>Not found · Trellis</PageTitle>
            <h1>Nothing here</h1>
            <p>
              Nothing here. <Link href="/">Back to the coach</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </div>
  );
}
