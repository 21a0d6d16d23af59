// A `fetch` for the openai SDK that refuses response bodies over a size limit. The SDK reads a
// body whole (`response.json()`) before parsing it, so without a limit a hostile or broken
// endpoint decides how much memory a model call takes. The limit is enforced while the body
// streams in (whatever Content-Length says, or whether it says anything), so at most about
// `maxBytes` is ever held.

/** The model endpoint's response body was larger than allowed. */
export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`The model's response was larger than ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

export function sizeLimitedFetch(maxBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.body === null) return response;
    const declared = Number(response.headers.get("content-length"));
    let limited: ReadableStream<Uint8Array>;
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Known too large: fail on the first read, without downloading any of it.
      await response.body.cancel();
      limited = errored(new ResponseTooLargeError(maxBytes));
    } else {
      let received = 0;
      limited = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            received += chunk.byteLength;
            // Throwing errors the stream and cancels the download.
            if (received > maxBytes) throw new ResponseTooLargeError(maxBytes);
            controller.enqueue(chunk);
          },
        }),
      );
    }
    // The failure surfaces when the SDK reads the body, not as a failed fetch: the SDK would
    // take a fetch failure for a connection error and send the request again.
    return new Response(limited, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function errored(error: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.error(error);
    },
  });
}
