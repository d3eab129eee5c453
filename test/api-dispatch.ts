import * as accessToken from "@/app/api/v1/connections/[id]/access-token/route";
import * as proxy from "@/app/api/v1/connections/[id]/proxy/[...path]/route";
import * as one from "@/app/api/v1/connections/[id]/route";
import * as list from "@/app/api/v1/connections/route";
import * as openapi from "@/app/api/v1/openapi.json/route";

/**
 * The partner API's route handlers, dispatched in-process like Next's router would: a fetch for the
 * typed client and the tests. The handlers themselves, their services, PostgreSQL and the sandbox
 * providers are all real; only Next's HTTP front is left out (the e2e specs cover it).
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
  if ((m = /^\/api\/v1\/connections\/([^/]+)\/proxy\/(.+)$/.exec(path)))
    return proxy.GET(request, params({ id: decodeURIComponent(m[1]!), path: m[2]!.split("/") }));
  return new Response("not routed", { status: 404 });
}
