// Which server this SDK can talk to: the one whose wire contract has the version the SDK was
// built against. A newer or older server can change procedures under the same names, so a
// client checks once (`checkServer`) and gets a clear error instead of odd failures later.
import type { API_VERSION as SERVER_API_VERSION } from "@trellis/api";
import { TRPCClientError } from "@trpc/client";
import type { TrellisClient } from "./client.ts";

/** The Trellis API version this SDK speaks (the type checker holds it to the server's). */
export const API_VERSION: typeof SERVER_API_VERSION = 1;

/** The server speaks another API version than this SDK (or predates versioning: `null`). */
export class ApiVersionMismatchError extends Error {
  override readonly name = "ApiVersionMismatchError";
  readonly serverVersion: number | null;
  readonly sdkVersion: number = API_VERSION;

  constructor(serverVersion: number | null) {
    super(
      `This @trellis/sdk speaks Trellis API ${API_VERSION}, the server ${
        serverVersion === null ? "predates API versions" : `speaks API ${serverVersion}`
      }: install the @trellis/sdk release for the server's API (see the SDK's CHANGELOG).`,
    );
    this.serverVersion = serverVersion;
  }
}

/** Resolves when the server speaks this SDK's API version; rejects with ApiVersionMismatchError. */
export async function checkServer(client: TrellisClient): Promise<void> {
  let serverVersion: number | null;
  try {
    serverVersion = (await client.apiVersion.query()).api;
  } catch (error) {
    // A server without the procedure predates versioning; anything else (network) is not ours.
    if (error instanceof TRPCClientError && error.data?.code === "NOT_FOUND") serverVersion = null;
    else throw error;
  }
  if (serverVersion !== API_VERSION) throw new ApiVersionMismatchError(serverVersion);
}
