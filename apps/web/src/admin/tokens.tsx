// Tokens on the Users page: the ones issued in this visit (each secret shown once, with copy
// buttons for it and for a ready sign-in link), and your own tokens.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IssuedToken } from "@trellis/sdk";
import { useTRPC } from "../api.tsx";
import { CopyButton } from "./copy-button.tsx";
import { describeOperatorError } from "./operator-errors.ts";

/** A token issued in this visit, with whose it is. */
export type Issued = IssuedToken & { email: string };

/** The link that signs a browser in as the token's user (the token rides in the fragment). */
function signInLink(token: string): string {
  return `${window.location.origin}/#token=${token}`;
}

export function IssuedTokens({ issued }: { issued: readonly Issued[] }) {
  return (
    <article aria-label="Issued tokens">
      <p>
        Copy each token or its sign-in link now: the server keeps only a hash of it. Send the link
        only to its user: opening it signs the browser in.
      </p>
      <ul className="issued">
        {issued.map((token) => (
          <li key={token.tokenId} data-token-for={token.email}>
            <strong className="wrap">{token.email}</strong>
            <div>
              <code className="wrap" data-testid="issued-token">
                {token.token}
              </code>{" "}
              <CopyButton text={token.token} label="Copy token" />
            </div>
            <div>
              <code className="wrap" data-testid="sign-in-link">
                {signInLink(token.token)}
              </code>{" "}
              <CopyButton text={signInLink(token.token)} label="Copy sign-in link" />
            </div>
            <RevokeButton tokenId={token.tokenId} />
          </li>
        ))}
      </ul>
    </article>
  );
}

function RevokeButton({ tokenId }: { tokenId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.admin.tokens.revoke.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.account.tokens.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
      },
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
      {revoke.isError && <small role="alert">{describeOperatorError(revoke.error)}</small>}
    </>
  );
}

export function MyTokens() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.account.tokens.queryOptions());
  return (
    <>
      <h2>Your tokens</h2>
      {tokens.isError && <p role="alert">{describeOperatorError(tokens.error)}</p>}
      <div className="table-scroll">
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
      </div>
    </>
  );
}
