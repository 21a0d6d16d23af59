import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ResponseTooLargeError } from "./limited-fetch.ts";
import { ModelError, type ModelErrorKind } from "./types.ts";

/**
 * Maps whatever the SDK (or the stream reader) threw into a ModelError. Called only after
 * the SDK has exhausted its own retries, so the kind describes the final failure.
 */
export function toModelError(error: unknown, signal?: AbortSignal): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof ResponseTooLargeError) {
    return new ModelError("too_large", error.message, { cause: error });
  }
  // The caller's abort wins over whatever the transport reported while shutting down.
  if (signal?.aborted || error instanceof APIUserAbortError) {
    return new ModelError("aborted", "The model call was aborted.", { cause: error });
  }
  // Order matters: the timeout class extends the connection class, which extends APIError.
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError("timeout", `Model request timed out: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new ModelError("connection", `Could not reach the model endpoint: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const kind = status === undefined ? "server" : kindForStatus(status);
    // A status-less APIError is an error frame inside an SSE stream: the endpoint failed
    // after it had started answering (the SDK does not retry those).
    const message =
      status === undefined ? `Model stream reported an error: ${error.message}` : error.message;
    return new ModelError(kind, message, {
      cause: error,
      ...(status === undefined ? {} : { status }),
    });
  }
  if (error instanceof SyntaxError) {
    // The SDK throws SyntaxError for malformed JSON in a body or SSE frame.
    return new ModelError(
      "server",
      `Malformed response from the model endpoint: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  // Anything else (e.g. undici's "terminated" when a stream is cut) is a transport failure.
  const text = error instanceof Error ? error.message : String(error);
  return new ModelError("connection", `Model call failed: ${text}`, { cause: error });
}

function kindForStatus(status: number): ModelErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status === 408) return "timeout";
  // 409 is what the SDK retries as a lock timeout: a transient server-side condition.
  if (status === 409 || status >= 500) return "server";
  return "bad_request";
}
