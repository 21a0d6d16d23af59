// Users and tokens: create a user, issue a token (its secret is shown once), revoke a token.
// The API has no user listing; users and tokens made here are listed for this visit, and your
// own tokens come from `account.tokens`.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IssuedToken, UserDto } from "@trellis/sdk";
import { useId, useState } from "react";
import { useTRPC } from "../api.tsx";
import { describeError } from "../errors.ts";

export function Users() {
  const [created, setCreated] = useState<UserDto[]>([]);
  const [issued, setIssued] = useState<Array<IssuedToken & { email: string }>>([]);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users &amp; tokens</h1>
      <CreateUser onCreated={(user) => setCreated((old) => [user, ...old])} />
      {created.length > 0 && (
        <table>
          <caption>Users created in this visit</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Token</th>
            </tr>
          </thead>
          <tbody>
            {created.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>
                  <IssueToken
                    user={user}
                    onIssued={(token) =>
                      setIssued((old) => [{ ...token, email: user.email }, ...old])
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued.length > 0 && (
        <article aria-label="Issued tokens">
          <p>Copy each secret now: the server keeps only its hash.</p>
          <ul>
            {issued.map((token) => (
              <li key={token.tokenId}>
                {token.email}: <code data-testid="issued-token">{token.token}</code>{" "}
                <RevokeButton tokenId={token.tokenId} />
              </li>
            ))}
          </ul>
        </article>
      )}
      <MyTokens />
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated(user: UserDto): void }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [firstName, setFirstName] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const create = useMutation(trpc.admin.users.create.mutationOptions());
  const ids = { email: useId(), name: useId(), role: useId() };
  return (
    <form
      aria-label="Create a user"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { email, firstName, role },
          {
            onSuccess: (user) => {
              onCreated(user);
              setEmail("");
              setFirstName("");
            },
          },
        );
      }}
    >
      <div className="grid">
        <label htmlFor={ids.email}>
          Email
          <input
            id={ids.email}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label htmlFor={ids.name}>
          First name
          <input
            id={ids.name}
            required
            value={firstName}
            onChange={(e) => setFirstName(e.target.value)}
          />
        </label>
        <label htmlFor={ids.role}>
          Role
          <select
            id={ids.role}
            value={role}
            onChange={(e) => setRole(e.target.value === "admin" ? "admin" : "user")}
          >
            <option value="user">User</option>
            <option value="admin">Admin (operator)</option>
          </select>
        </label>
      </div>
      <button type="submit" aria-busy={create.isPending}>
        Create user
      </button>
      {create.isError && (
        <p role="alert" className="error">
          {describeError(create.error)}
        </p>
      )}
    </form>
  );
}

function IssueToken({ user, onIssued }: { user: UserDto; onIssued(token: IssuedToken): void }) {
  const trpc = useTRPC();
  const issue = useMutation(trpc.admin.tokens.issue.mutationOptions({ onSuccess: onIssued }));
  return (
    <button
      type="button"
      className="outline"
      aria-busy={issue.isPending}
      onClick={() => issue.mutate({ userId: user.id, name: "console" })}
    >
      Issue a token
    </button>
  );
}

function RevokeButton({ tokenId }: { tokenId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.admin.tokens.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.account.tokens.pathKey() }),
    }),
  );
  if (revoke.isSuccess) return <small role="status">revoked</small>;
  return (
    <>
      <button
        type="button"
        className="secondary outline"
        aria-busy={revoke.isPending}
        onClick={() => revoke.mutate({ tokenId })}
      >
        Revoke
      </button>
      {revoke.isError && <small role="alert">{describeError(revoke.error)}</small>}
    </>
  );
}

function MyTokens() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.account.tokens.queryOptions());
  return (
    <>
      <h2>Your tokens</h2>
      {tokens.isError && <p role="alert">{describeError(tokens.error)}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((token) => (
            <tr key={token.id}>
              <td>
                {token.name}
                {token.current && <small> (this browser)</small>}
              </td>
              <td>{token.createdAt.toLocaleString()}</td>
              <td>{token.lastUsedAt?.toLocaleString() ?? "never"}</td>
              <td>
                {token.revokedAt ? (
                  "revoked"
                ) : token.current ? (
                  "active"
                ) : (
                  <RevokeButton tokenId={token.id} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
