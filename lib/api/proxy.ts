import "server-only";
import type { ApiPrincipal } from "@/lib/api-keys/verify";
import { providerFor } from "@/lib/connections/registry";
import { log } from "@/lib/log";
import type { ConnectionProvider } from "@/lib/connections/types";
import { findConnectionForUse, type UsableConnection } from "./connections";
import { problem } from "./problem";
import { connectionUnusable, providerProblem } from "./provider-errors";
import { MAX_PROXY_QUERY, checkProxyPath, proxyUrl } from "./proxy-path";
import { setBounded } from "@/lib/bounded-map";

/** Caps: a proxied call carries at most this much each way and takes at most this long in all. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const PROXY_TIMEOUT_MS = 30_000;

export const PROXY_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Headers passed on; everything else (cookies, the caller's Authorization, hop-by-hop, X-Forwarded-*) stays here. */
const REQUEST_HEADERS = [
  "accept-language",
  "content-type",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "idempotency-key",
  "prefer",
];
// Content-Encoding too: provider answers are relayed byte for byte (never decompressed on the way,
// lib/providers/http-request.ts), so a compressed one stays readable for the caller.
const RESPONSE_HEADERS = [
  "content-type",
  "content-encoding",
  "content-language",
  "etag",
  "last-modified",
  "retry-after",
  "x-request-id",
];

/** A stream that passes at most `max` bytes and errors beyond. */
function capped(max: number, onExceeded: () => void) {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) {
        onExceeded();
        controller.error(new Error("size cap exceeded"));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/** The raw text after `/proxy/` in the request's path. */
function rawProxyTail(pathname: string, connectionId: string): string | undefined {
  const marker = `/api/v1/connections/${connectionId}/proxy/`;
  return pathname.startsWith(marker) ? pathname.slice(marker.length) : undefined;
}

/**
 * What the proxy reads of the caller's request: a Request (the route handler) or the fast path's
 * lighter equivalent (lib/api/proxy-fast-path.ts), which skips building a whole Request per call.
 */
export type ProxyCall = Pick<Request, "method" | "url" | "headers" | "body">;

/**
 * Connections this process has read for the proxy, by id: the basis of a speculative GET (below).
 * Only a guess, never an authority — every answer waits for a fresh read of the row.
 */
const globalForProxy = globalThis as unknown as { portalProxyKnown?: Map<string, UsableConnection> };
const known = (globalForProxy.portalProxyKnown ??= new Map<string, UsableConnection>());
const MAX_KNOWN = 10_000;

const remember = (connection: UsableConnection) => setBounded(known, connection.id, connection, MAX_KNOWN);

/** Everything the proxy relies on is the same in both rows (the token included). */
const sameForProxy = (fresh: UsableConnection, guess: UsableConnection) =>
  fresh.status === "active" &&
  fresh.provider === guess.provider &&
  fresh.workspaceId === guess.workspaceId &&
  fresh.externalId === guess.externalId &&
  fresh.storedAccessToken.sealed === guess.storedAccessToken.sealed;

/**
 * /api/v1/connections/{id}/proxy/{path…}: forward one call to the connection's provider.
 *
 * A GET or HEAD on a connection this process has already read is sent upstream *while* the
 * connection is read again, instead of after: on this machine that read is ~0.6 ms of a 2 ms budget
 * (issue #14, BENCHMARKS.md). The provider's answer is relayed only when the fresh row confirms
 * what the call was made with (active, same workspace, organization and token); otherwise it is
 * dropped and the call decided on the fresh row, as without the guess. So the answer is never
 * older than the sequential path's, and a connection revoked before the read began is refused as
 * always; what the guess adds is at most one read-only call reaching the provider for a connection
 * revoked in the same instant — the same race the sequential path has between its read and its
 * call. Methods that change something never go out before the read.
 */
export async function proxyRequest(request: ProxyCall, key: ApiPrincipal, connectionId: string): Promise<Response> {
  const guess = request.method === "GET" || request.method === "HEAD" ? known.get(connectionId) : undefined;
  // The guess must be one this key could see: a key limited to a workspace never sends a call for another's.
  if (guess && guess.status === "active" && (!key.workspaceId || guess.workspaceId === key.workspaceId)) {
    const call = prepareCall(request, guess, connectionId);
    if (!(call instanceof Response)) {
      const [fresh, outcome] = await Promise.all([findConnectionForUse(key, connectionId), sendCall(call)]);
      if (fresh && sameForProxy(fresh, guess)) {
        remember(fresh);
        return relay(request, key, call, outcome);
      }
      if ("upstream" in outcome) void outcome.upstream.body?.cancel().catch(() => {});
      return proxyWith(request, key, fresh, connectionId);
    }
  }
  return proxyWith(request, key, await findConnectionForUse(key, connectionId), connectionId);
}

/** The call decided on a row read before it was sent (every method). */
async function proxyWith(
  request: ProxyCall,
  key: ApiPrincipal,
  connection: UsableConnection | undefined,
  connectionId: string,
): Promise<Response> {
  if (!connection) {
    known.delete(connectionId);
    return problem("not-found", { detail: "No such connection" });
  }
  remember(connection);
  const call = prepareCall(request, connection, connectionId);
  if (call instanceof Response) return call;
  return relay(request, key, call, await sendCall(call));
}

type PreparedCall = {
  connection: UsableConnection;
  provider: ConnectionProvider;
  pathAndQuery: string;
  init: () => RequestInit;
  /** Set when the request body went over the cap on its way out. */
  tooLarge: () => boolean;
  /** The second body branch, kept for one retry after a 401, released once an answer is in. */
  release: () => void;
};

/** The checks on the caller's request and the connection, then what to send; or the problem to answer. */
function prepareCall(request: ProxyCall, connection: UsableConnection, connectionId: string): PreparedCall | Response {
  const provider = providerFor(connection.provider);
  if (!(PROXY_METHODS as readonly string[]).includes(request.method)) {
    return problem("method-not-allowed", {
      detail: `Allowed: ${PROXY_METHODS.join(", ")}`,
      headers: { Allow: PROXY_METHODS.join(", ") },
    });
  }
  const requestUrl = new URL(request.url);
  const checked = checkProxyPath(rawProxyTail(requestUrl.pathname, connectionId) ?? "");
  if ("refused" in checked) return problem("proxy-refused", { detail: checked.refused });
  const search = requestUrl.search;
  if (search.length > MAX_PROXY_QUERY) return problem("proxy-refused", { detail: "The query is too long" });
  const scoped = provider.scopeProxyTarget(connection, { path: checked.path, query: new URLSearchParams(search) });
  if ("refused" in scoped) return problem("proxy-refused", { detail: scoped.refused });
  const base = new URL(`${provider.apiBaseUrl()}/`);
  const url = proxyUrl(provider.apiBaseUrl(), scoped.path, scoped.query);
  if (!url) return problem("proxy-refused", { detail: "The path leaves the provider's API" });
  if (connection.status !== "active") return connectionUnusable(connection, provider);

  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_REQUEST_BYTES)
    return problem("payload-too-large", { detail: `At most ${MAX_REQUEST_BYTES} bytes` });
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The body streams to the provider; a second branch is kept (bounded by the cap) for the one retry after a 401.
  let requestTooLarge = false;
  const branches =
    request.body && request.method !== "GET" && request.method !== "HEAD" ? request.body.tee() : undefined;
  let attempt = 0;
  const signal = AbortSignal.timeout(PROXY_TIMEOUT_MS);
  const init = (): RequestInit => {
    const branch = branches?.[attempt++];
    const body = branch?.pipeThrough(capped(MAX_REQUEST_BYTES, () => (requestTooLarge = true)));
    return { method: request.method, headers, body, signal, ...(body ? { duplex: "half" } : {}) };
  };

  return {
    connection,
    provider,
    pathAndQuery: url.pathname.slice(base.pathname.length) + url.search,
    init,
    tooLarge: () => requestTooLarge,
    // The retry branch is no longer needed once an answer (or a failure) is in.
    release: () => {
      if (branches && attempt < 2) void branches[1].cancel().catch(() => {});
    },
  };
}

type Outcome = { upstream: Response } | { error: unknown };

async function sendCall(call: PreparedCall): Promise<Outcome> {
  try {
    return { upstream: await call.provider.authorizedFetch(call.connection, call.pathAndQuery, call.init) };
  } catch (error) {
    return { error };
  } finally {
    call.release();
  }
}

/** The provider's answer as the caller gets it: allow-listed headers, capped, never redirected. */
async function relay(request: ProxyCall, key: ApiPrincipal, call: PreparedCall, outcome: Outcome): Promise<Response> {
  const { connection, provider } = call;
  if ("error" in outcome) {
    if (call.tooLarge()) return problem("payload-too-large", { detail: `At most ${MAX_REQUEST_BYTES} bytes` });
    return providerProblem(outcome.error, connection, provider);
  }
  const { upstream } = outcome;
  log.info("api.proxy", {
    connectionId: connection.id,
    apiKey: key.prefix,
    method: request.method,
    status: upstream.status,
  });

  // no-transform: a relayed answer is passed as the provider sent it (no compression on the way).
  const responseHeaders = new Headers({ "Cache-Control": "no-store, no-transform" });
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const length = Number(upstream.headers.get("content-length") ?? 0);
  if (length > MAX_RESPONSE_BYTES) {
    await upstream.body?.cancel();
    return problem("upstream-failed", { detail: `The provider's answer is larger than ${MAX_RESPONSE_BYTES} bytes` });
  }
  const noBody = request.method === "HEAD" || upstream.status === 204 || upstream.status === 304;
  // A declared length within the cap is enforced by the HTTP client (a longer body is an error), so
  // that body streams through as is; an undeclared (chunked) one is counted on the way.
  const bounded = upstream.headers.has("content-length");
  // That length is then the caller's too: one write instead of a chunked answer.
  if (bounded && !noBody) responseHeaders.set("content-length", String(length));
  const body = noBody
    ? null
    : bounded
      ? upstream.body
      : upstream.body?.pipeThrough(
          capped(MAX_RESPONSE_BYTES, () => log.warn("api.proxy.response_too_large", { connectionId: connection.id })),
        );
  if (noBody) await upstream.body?.cancel();
  // Redirects are passed as their status only (no Location): the caller must not be sent off-host.
  return new Response(body ?? null, { status: upstream.status, headers: responseHeaders });
}
