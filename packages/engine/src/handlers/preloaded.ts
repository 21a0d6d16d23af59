import type { Identity } from "@trellis/db";

/**
 * Rows the pipeline read in the action's transaction to check that referenced ids belong to the
 * acting user, handed to the handler so that it need not read them again. Each row is handed
 * out once: a handler that writes an identity and then looks it up again reads it afresh.
 */
export class PreloadedRows {
  readonly #identities = new Map<string, Identity>();

  addIdentity(identity: Identity): void {
    this.#identities.set(identity.id, identity);
  }

  /** The identity read for the ownership check, once; undefined if none (or already taken). */
  takeIdentity(id: string): Identity | undefined {
    const identity = this.#identities.get(id);
    this.#identities.delete(id);
    return identity;
  }
}
