// Sign in with an API token: checked against the server (`account.me`) before it is stored,
// so a mistyped token is refused here, not on the next page.
import { createClient, errorData } from "@trellis/sdk";
import { useId, useState } from "react";
import { useAuth } from "./auth.tsx";
import { describeError } from "./errors.ts";
import { PageTitle } from "./page-title.tsx";

export function SignIn() {
  const { signIn, expired } = useAuth();
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const id = useId();
  return (
    <main className="container sign-in">
      <PageTitle>Sign in · Trellis</PageTitle>
      <article>
        <header>
          <h1>Sign in to Trellis</h1>
        </header>
        {expired && (
          <p role="alert" className="error">
            Your sign-in has expired or was revoked. Sign in again.
          </p>
        )}
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const candidate = token.trim();
            if (!candidate) return;
            setChecking(true);
            setProblem(null);
            try {
              await createClient({
                url: window.location.origin,
                token: candidate,
              }).account.me.query();
              signIn(candidate);
            } catch (error) {
              setProblem(
                errorData(error)?.httpStatus === 401
                  ? "That token is not valid (or was revoked)."
                  : describeError(error),
              );
            } finally {
              setChecking(false);
            }
          }}
        >
          <label htmlFor={id}>
            API token
            <input
              id={id}
              name="token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${id}-help`}
            />
            <small id={`${id}-help`}>
              <code>pnpm start</code> prints a token and a sign-in link for the demo account.
            </small>
          </label>
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
          <button type="submit" aria-busy={checking} disabled={checking}>
            Sign in
          </button>
        </form>
      </article>
    </main>
  );
}
