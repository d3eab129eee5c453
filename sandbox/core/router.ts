import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./reply";

export interface Ctx {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** This server's own origin (http://127.0.0.1:PORT), for links and redirects it builds. */
  origin: string;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Literal segments and `:param` segments, e.g. `/v1/companies/:id`. */
  path: string;
  /** Endpoint name for counters and faults; null for control routes, which are not counted. */
  name: string | null;
  /** Computed before faults apply, so even faulted requests are classified (pleo.token grant). */
  grantOf?: (ctx: Ctx) => string;
  handle: (ctx: Ctx) => Reply | Promise<Reply>;
}

export type Match = { route: Route; params: Record<string, string> } | { route: undefined; allowed: string[] };

export function matchRoute(routes: Route[], method: string, pathname: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return { route: undefined, allowed };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) {
      if (g === "") return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}
