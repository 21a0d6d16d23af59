// Compressed JSON answers: a handler that writes its answer with setHeader / write / end (tRPC's
// adapter does) gets its JSON body sent through Node's zlib, brotli or gzip as the request's
// Accept-Encoding allows, when the body is large enough to gain from it. Anything that is not
// JSON (an SSE stream above all: it must reach the client event by event) passes untouched.
import type {
  IncomingMessage,
  OutgoingHttpHeader,
  OutgoingHttpHeaders,
  ServerResponse,
} from "node:http";
import {
  type BrotliCompress,
  constants,
  createBrotliCompress,
  createGzip,
  type Gzip,
} from "node:zlib";

/** Below this, the headers and the round trip cost more than compression saves. */
export const COMPRESS_MIN_BYTES = 1024;

export type ContentCoding = "br" | "gzip";

/**
 * The coding to answer with: brotli when accepted, else gzip, else none. A coding with `q=0` is
 * refused; `*` stands for any coding not named.
 */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (name === "") continue;
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weightOf = (coding: ContentCoding) => weights.get(coding) ?? weights.get("*") ?? 0;
  const best = (["br", "gzip"] as const).filter((coding) => weightOf(coding) > 0);
  return best.sort((a, b) => weightOf(b) - weightOf(a))[0];
}

/** `application/json` and its `+json` kin; never `text/event-stream` or JSON lines. */
function isJson(contentType: ReturnType<ServerResponse["getHeader"]>): boolean {
  return (
    typeof contentType === "string" && /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType)
  );
}

function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader("vary");
  const fields = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (fields.includes("*") || fields.some((name) => name.toLowerCase() === field.toLowerCase())) {
    return;
  }
  res.setHeader("vary", [...fields, field].join(", "));
}

/** Brotli at quality 5: most of its gain at a fraction of the maximum's time, per request. */
function compressor(coding: ContentCoding, sizeHint: number): BrotliCompress | Gzip {
  return coding === "br"
    ? createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
        },
      })
    : createGzip();
}

type Callback = (error?: Error | null) => void;

/**
 * Makes `res` compress its JSON body. The choice is made when the body starts: by its type, by
 * the request's Accept-Encoding and by the size of the first chunk (a tRPC answer is one chunk).
 * Every JSON answer gets `Vary: Accept-Encoding`. A handler that calls `writeHead` itself is
 * left alone (its headers may already be on the wire).
 */
export function compressJsonAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === "HEAD") return;
  const coding = chooseCoding(req.headers["accept-encoding"]);
  const write = res.write;
  const end = res.end;
  const writeHead = res.writeHead;
  // Bound, for the compressed bytes; unbound, to put back on the response.
  const send = { write: write.bind(res), end: end.bind(res) };
  let stream: BrotliCompress | Gzip | undefined;

  const passThrough = () => {
    res.write = write;
    res.end = end;
    res.writeHead = writeHead;
  };
  /** Decides, before the headers go out, whether the body goes through zlib. */
  const start = (firstChunkBytes: number) => {
    passThrough();
    if (res.headersSent || !isJson(res.getHeader("content-type"))) return;
    addVary(res, "Accept-Encoding");
    const declared = Number(res.getHeader("content-length") ?? Number.NaN);
    const size = Number.isNaN(declared) ? firstChunkBytes : declared;
    const noTransform = /\bno-transform\b/i.test(String(res.getHeader("cache-control") ?? ""));
    if (!coding || noTransform || res.hasHeader("content-encoding")) return;
    if (size < COMPRESS_MIN_BYTES || res.statusCode === 204 || res.statusCode === 304) return;
    res.removeHeader("content-length");
    res.setHeader("content-encoding", coding);
    const zip = compressor(coding, size);
    stream = zip;
    zip.on("data", (chunk: Buffer) => {
      if (!send.write(chunk)) zip.pause();
    });
    res.on("drain", () => zip.resume());
    // The handler waits for `drain` on the response when a write was refused (backpressure).
    zip.on("drain", () => res.emit("drain"));
    zip.on("end", () => send.end());
    zip.on("error", (error: Error) => res.destroy(error));
    res.once("close", () => zip.destroy());
    res.write = (chunk: unknown, encoding?: BufferEncoding | Callback, callback?: Callback) =>
      typeof encoding === "function"
        ? zip.write(chunk, encoding)
        : zip.write(chunk, encoding ?? "utf8", callback);
    res.end = (chunk?: unknown, encoding?: BufferEncoding | Callback, callback?: Callback) => {
      const done = [chunk, encoding, callback].find((arg) => typeof arg === "function");
      if (typeof done === "function") res.once("finish", () => done());
      if (chunk === undefined || typeof chunk === "function") zip.end();
      else zip.end(chunk, typeof encoding === "string" ? encoding : "utf8");
      return res;
    };
  };

  // For the threshold only: a string's UTF-8 length is close enough in any encoding.
  const bytesOf = (chunk: unknown) =>
    typeof chunk === "string"
      ? Buffer.byteLength(chunk)
      : chunk instanceof Uint8Array
        ? chunk.byteLength
        : 0;
  res.write = (chunk: unknown, encoding?: BufferEncoding | Callback, callback?: Callback) => {
    start(bytesOf(chunk));
    return typeof encoding === "function"
      ? res.write(chunk, encoding)
      : res.write(chunk, encoding ?? "utf8", callback);
  };
  res.end = (chunk?: unknown, encoding?: BufferEncoding | Callback, callback?: Callback) => {
    start(bytesOf(chunk));
    return typeof chunk === "function"
      ? res.end(chunk)
      : typeof encoding === "function"
        ? res.end(chunk, encoding)
        : res.end(chunk, encoding ?? "utf8", callback);
  };
  res.writeHead = (
    statusCode: number,
    reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ) => {
    passThrough();
    return typeof reasonOrHeaders === "string"
      ? res.writeHead(statusCode, reasonOrHeaders, headers)
      : res.writeHead(statusCode, reasonOrHeaders);
  };
  // tRPC flushes after each chunk it writes (for compressing middleware like this one).
  Object.defineProperty(res, "flush", { configurable: true, value: () => stream?.flush() });
}
