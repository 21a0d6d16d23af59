// Users and tokens: every user (searchable, newest first, a page at a time; the search is in
// the URL), create one, issue a token (its secret is shown once, with a copy button and a
// ready sign-in link), revoke tokens. Scenario instances are left out (the Scenarios page
// has them).
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { IssuedToken, RouterOutputs, UserDto } from "@trellis/sdk";
import { useDeferredValue, useId, useState } from "react";
import { useSearchParams } from "wouter";
import { useTRPC } from "../api.tsx";
import { type Issued, IssuedTokens, MyTokens } from "./tokens.tsx";
import { describeOperatorError } from "./operator-errors.ts";

type ListedUser = RouterOutputs["admin"]["users"]["list"]["items"][number];

export function Users() {
  const [issued, setIssued] = useState<Issued[]>([]);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users &amp; tokens</h1>
      <CreateUser />
      <UserList onIssued={(token) => setIssued((old) => [token, ...old])} />
      {issued.length > 0 && <IssuedTokens issued={issued} />}
      <MyTokens />
    </section>
  );
}

function UserList({ onIssued }: { onIssued(token: Issued): void }) {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const query = useDeferredValue(search.trim());
  const searchId = useId();
  const list = useInfiniteQuery(
    trpc.admin.users.list.infiniteQueryOptions(
      { limit: 25, ...(query ? { search: query } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const users = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h2>Users</h2>
      <label htmlFor={searchId}>
        Search users
        <input
          id={searchId}
          type="search"
          value={search}
          placeholder="Part of an email or a name"
          onChange={(event) =>
            setParams(
              (old) => {
                const next = new URLSearchParams(old);
                if (event.target.value) next.set("q", event.target.value);
                else next.delete("q");
                return next;
              },
              { replace: true },
            )
          }
        />
      </label>
      {list.isError && <p role="alert">{describeOperatorError(list.error)}</p>}
      <p role="status">
        {list.isPending
          ? "Loading…"
          : `${users.length}${list.hasNextPage ? "+" : ""} ${users.length === 1 ? "user" : "users"}${query ? ` matching “${query}”` : ""}`}
      </p>
      <ul className="user-list" aria-label="Users">
        {users.map((user) => (
          <UserItem key={user.id} user={user} onIssued={onIssued} />
        ))}
      </ul>
      {list.hasNextPage && (
        <button
          type="button"
          className="secondary"
          aria-busy={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more users
        </button>
      )}
    </>
  );
}

function UserItem({ user, onIssued }: { user: ListedUser; onIssued(token: Issued): void }) {
  const tokens = `${user.activeTokens} active ${user.activeTokens === 1 ? "token" : "tokens"}`;
  return (
    <li data-user={user.email}>
      <div>
        <strong>
          {user.firstName} {user.lastName}
        </strong>{" "}
        <span className="wrap">{user.email}</span>
        <br />
        <small>
          {user.role === "admin" ? "Admin (operator)" : "User"}, {tokens}
        </small>
      </div>
      <IssueToken user={user} onIssued={(token) => onIssued({ ...token, email: user.email })} />
    </li>
  );
}

function CreateUser() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [firstName, setFirstName] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() }),
    }),
  );
  const ids = { email: useId(), name: useId(), role: useId() };
  return (
    <form
      aria-label="Create a user"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { email, firstName, role },
          {
            onSuccess: () => {
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
      {create.isSuccess && <p role="status">Created {create.data.email}.</p>}
      {create.isError && (
        <p role="alert" className="error">
          {describeOperatorError(create.error)}
        </p>
      )}
    </form>
  );
}

function IssueToken({ user, onIssued }: { user: UserDto; onIssued(token: IssuedToken): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const issue = useMutation(
    trpc.admin.tokens.issue.mutationOptions({
      onSuccess: (token) => {
        onIssued(token);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        className="outline"
        aria-busy={issue.isPending}
        aria-label={`Issue a token for ${user.email}`}
        onClick={() => issue.mutate({ userId: user.id, name: "console" })}
      >
        Issue a token
      </button>
      {issue.isError && <small role="alert">{describeOperatorError(issue.error)}</small>}
    </>
  );
}
