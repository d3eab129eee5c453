import "server-only";
import { Readable } from "node:stream";
import { Agent, request } from "undici";

/**
 * The transport of provider API calls (lib/providers/bearer-request.ts): undici's `request`, with
 * its answer handed back as a web Response so callers keep the fetch shape.
 *
 * Why not fetch: fetch implements the browser's rules (CORS modes, header guards, automatic
 * decompression, redirect bookkeeping) on every call, and measured ~4× the CPU of `request` for
 * the same small call on this machine (~330 µs against ~120 µs, client and server together). On
 * the partner proxy's hot path that difference is a tenth of its 2 ms budget (issue #14,
 * docs/decisions/085-undici-request-for-provider-calls.md).
 *
 * What fetch did that matters here, done the same way: redirects are not followed (the 3xx itself
 * is the answer, as `redirect: "manual"`), the signal aborts the call and the body, a string body
 * gets its Content-Length. What it did that does not apply: no Accept-Encoding is sent, so
 * providers answer uncompressed and nothing needs decompressing.
 */
const dispatcher = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });

/** Statuses whose answers have no body (a Response refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/**
 * An answer of at most this many bytes, with its length declared, is read whole before it is handed
 * on (here, and again when the proxy's fast path writes it out): one buffer, no stream machinery per chunk.
 */
export const SMALL_BODY_BYTES = 64 * 1024;

type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export async function providerHttpRequest(url: URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase() as Method;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const answer = await request(url, {
    method,
    headers,
    body: requestBody(init.body),
    signal: init.signal ?? undefined,
    dispatcher,
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
    else responseHeaders.set(name, value);
  }
  if (method === "HEAD" || NULL_BODY.has(answer.statusCode)) {
    await answer.body.dump();
    return new Response(null, { status: answer.statusCode, headers: responseHeaders });
  }
  const length = answer.headers["content-length"];
  // Small and declared: one buffer (no stream machinery per chunk); otherwise streamed as it comes.
  const body =
    typeof length === "string" && Number(length) <= SMALL_BODY_BYTES
      ? Buffer.from(await answer.body.arrayBuffer())
      : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array<ArrayBuffer>>);
  return new Response(body, { status: answer.statusCode, headers: responseHeaders });
}

function requestBody(body: RequestInit["body"]): string | Buffer | Uint8Array | Readable | null {
  if (body === undefined || body === null) return null;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ReadableStream) return Readable.fromWeb(body as import("node:stream/web").ReadableStream);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  // Nothing in this code base sends another kind (URLSearchParams, FormData, Blob) to a provider's API.
  throw new TypeError("Unsupported request body for a provider call");
}
