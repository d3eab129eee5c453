import http from "node:http";
import type { AddressInfo } from "node:net";
import { takeProxyRequest } from "@/lib/api/proxy-fast-path";
import * as accessToken from "@/app/api/v1/connections/[id]/access-token/route";
import * as proxy from "@/app/api/v1/connections/[id]/proxy/[...path]/route";
import * as one from "@/app/api/v1/connections/[id]/route";
import * as list from "@/app/api/v1/connections/route";
import * as openapi from "@/app/api/v1/openapi.json/route";

/**
 * The partner API's route handlers, dispatched in-process like Next's router would: a fetch for the
 * typed client and the tests. The handlers themselves, their services, PostgreSQL and the sandbox
 * providers are all real; only Next's HTTP front is left out (the e2e specs cover it). Proxy calls
 * go over real HTTP to a server with the proxy's fast path (lib/api/proxy-fast-path.ts), which is
 * what answers them in the portal; anything the fast path leaves to Next answers 404 "left to Next".
 */
export async function apiFetch(input: Request | string, init?: RequestInit): Promise<Response> {
  const request = typeof input === "string" ? new Request(new URL(input, "http://localhost:3000"), init) : input;
  const path = new URL(request.url).pathname;
  const params = (p: Record<string, unknown>) => ({ params: Promise.resolve(p) }) as never;
  let m: RegExpExecArray | null;
  if (path === "/api/v1/connections" && request.method === "GET") return list.GET(request);
  if (path === "/api/v1/openapi.json") return openapi.GET();
  if ((m = /^\/api\/v1\/connections\/([^/]+)$/.exec(path)) && request.method === "GET")
    return one.GET(request, params({ id: decodeURIComponent(m[1]!) }));
  if ((m = /^\/api\/v1\/connections\/([^/]+)\/access-token$/.exec(path)) && request.method === "POST")
    return accessToken.POST(request, params({ id: decodeURIComponent(m[1]!) }));
  if (/^\/api\/v1\/connections\/[^/]+\/proxy\//.test(path)) return overFastPath(request);
  return new Response("not routed", { status: 404 });
}

/** The proxy's Next route (what serves it where the fast path is not installed), called as Next's router would. */
export function proxyViaRoute(request: Request): Promise<Response> {
  const m = /^\/api\/v1\/connections\/([^/]+)\/proxy\/(.+)$/.exec(new URL(request.url).pathname)!;
  return proxy.GET(request, { params: Promise.resolve({ id: decodeURIComponent(m[1]!), path: m[2]!.split("/") }) });
}

let fastPath: Promise<string> | undefined;

/** A real HTTP server whose only handler is the proxy's fast path; started once per test file. */
export function fastPathServer(): Promise<string> {
  fastPath ??= new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      if (!takeProxyRequest(req, res)) res.writeHead(404).end("left to Next");
    });
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    server.unref();
  });
  return fastPath;
}

async function overFastPath(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  // The body as a client sends a string or a buffer: whole, with its length.
  return fetch(`${await fastPathServer()}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  });
}
