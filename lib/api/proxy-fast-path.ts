import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { Readable, pipeline } from "node:stream";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { SMALL_BODY_BYTES } from "@/lib/providers/http-request";
import { withLogContext } from "@/lib/request-context";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/request-id";
import { API_CONTENT_SECURITY_POLICY, HSTS, SECURITY_HEADERS } from "@/lib/security/static-headers";
import { authenticate } from "./authenticate";
import { malformedApiPathProblem } from "./malformed-path";
import { invalidRequest, problem } from "./problem";
import { PROXY_METHODS, proxyRequest, type ProxyCall } from "./proxy";
import { connectionIdParams } from "./schemas";

/**
 * The partner proxy, answered before Next's router sees the request.
 *
 * Why: bench/api-token.ts measured what Next's pipeline costs any route on this server (router,
 * proxy.ts, the route module, web-stream response, compression): 3–4 ms per call, one client,
 * before the proxy does anything — twice the proxy's whole 2 ms budget (issue #14,
 * docs/decisions/ on the fast path). This hook runs the same handler (lib/api/proxy.ts, the same
 * key check, the same path rules) straight on Node's HTTP server. The route in
 * app/api/v1/connections/[id]/proxy stays, and serves the same calls wherever this hook is not
 * installed.
 *
 * What Next would have added, done here: the request id (kept or new, on every log line and on
 * the answer), the security headers of next.config.ts, HSTS in production, a Content-Security-Policy
 * that lets nothing load (a relayed answer is data, never a page), the 400 for a path
 * with malformed percent-encoding. No compression: a relayed provider answer is passed as it is
 * (`no-transform`).
 */
const PROXY_PATH = /^\/api\/v1\/connections\/([^/]+)\/proxy\//;
const METHODS = new Set<string>([...PROXY_METHODS, "OPTIONS"]);
const INSTALLED = Symbol.for("partner-portal.proxy-fast-path");

/** Takes the request when it is a partner proxy call; false leaves it to Next. */
export function takeProxyRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.url?.startsWith("/api/v1/connections/") || !METHODS.has(req.method ?? "")) return false;
  let url: URL;
  try {
    url = new URL(req.url, "http://portal.invalid");
  } catch {
    return false;
  }
  // Only a path already in its canonical form: one URL parsing would change (dot segments,
  // backslashes) is Next's to normalise, redirect or refuse, as it always was.
  const rawPath = req.url.split("?", 1)[0];
  const match = rawPath === url.pathname ? PROXY_PATH.exec(url.pathname) : null;
  if (!match) return false;
  const requestId = requestIdFor(firstHeader(req.headers[REQUEST_ID_HEADER]));
  req.headers[REQUEST_ID_HEADER] = requestId;
  void withLogContext({ requestId }, () =>
    answer(req, url, match[1]!)
      .catch((error: unknown) => {
        log.error("api.proxy.failed", { error: error instanceof Error ? error.name : "unknown" });
        return problem("upstream-failed", { detail: "The call could not be relayed" });
      })
      .then((response) => send(req, res, response, requestId))
      // Nothing more can be said once the answer has begun: the caller sees the connection end.
      .catch(() => res.destroy()),
  );
  return true;
}

async function answer(req: IncomingMessage, url: URL, rawId: string): Promise<Response> {
  const malformed = malformedApiPathProblem(url.pathname);
  if (malformed) return malformed;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request: ProxyCall = {
    method: req.method!,
    url: url.href,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array<ArrayBuffer>>) : null,
  };
  const key = await authenticate(request, "proxy");
  if (key instanceof Response) return key;
  const parsed = connectionIdParams.safeParse({ id: decodeURIComponent(rawId) });
  if (!parsed.success) return invalidRequest(parsed.error, "path");
  return proxyRequest(request, key, parsed.data.id);
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response, requestId: string): Promise<void> {
  const length = response.headers.get("content-length");
  let whole: Buffer | undefined;
  if (response.body && req.method !== "HEAD" && length !== null && Number(length) <= SMALL_BODY_BYTES) {
    // Read before the head is written: a provider that breaks off mid-body gets a 502, not half an answer.
    const read = await response.arrayBuffer().catch(() => undefined);
    if (read) whole = Buffer.from(read);
    else response = problem("upstream-failed", { detail: "The provider's answer broke off" });
  }
  res.statusCode = response.status;
  // Answered before the caller's body was read (e.g. 413, 401): the connection cannot carry another
  // request, since the rest of that body is still on its way. Closed after this answer, and said so.
  if (!req.complete) res.setHeader("Connection", "close");
  response.headers.forEach((value, name) => res.setHeader(name, value));
  for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
  if (env().NODE_ENV === "production") res.setHeader("Strict-Transport-Security", HSTS);
  res.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  res.setHeader("Cache-Control", "no-store, no-transform");
  res.setHeader(REQUEST_ID_HEADER, requestId);
  if (whole) {
    res.end(whole);
    return;
  }
  if (!response.body || req.method === "HEAD") {
    void response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  // A body cut short (size cap, provider gone) ends the connection: the caller sees an incomplete answer, never a truncated "success".
  pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res, () => {});
}

const firstHeader = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Installs the fast path on every HTTP server of this process (Next's included). Call before
 * stampSocketAddresses (lib/auth/socket-address.ts), whose hook must run first: the key throttle
 * reads the peer address it stamps.
 */
export function installProxyFastPath(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<http.Server & { [INSTALLED]?: true }>) {
    if (proto[INSTALLED]) continue;
    proto[INSTALLED] = true;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
    const emit = proto.emit as Emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request" && takeProxyRequest(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
      return emit.call(this, event, ...args);
    } as typeof proto.emit;
  }
}
