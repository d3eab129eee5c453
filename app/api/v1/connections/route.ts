// GET /api/v1/connections — connections this API key may see; filters and keyset paging.
import { authenticate } from "@/lib/api/authenticate";
import { listConnectionsForKey } from "@/lib/api/connections";
import { invalidRequest, json, problem } from "@/lib/api/problem";
import { listConnectionsQuery } from "@/lib/api/schemas";

export async function GET(request: Request): Promise<Response> {
  const key = await authenticate(request, "connections:read");
  if (key instanceof Response) return key;
  const url = new URL(request.url);
  // No prototype: a parameter named "constructor" or "__proto__" is just an unknown key.
  const raw = Object.create(null) as Record<string, string>;
  for (const [k, v] of url.searchParams) {
    // A repeated parameter is ambiguous: refuse it rather than guess which one counts.
    if (k in raw)
      return problem("invalid-request", {
        detail: "Invalid query",
        errors: [{ path: `query.${k.slice(0, 50)}`, message: "appears more than once" }],
      });
    raw[k] = v;
  }
  const query = listConnectionsQuery.safeParse(raw);
  if (!query.success) return invalidRequest(query.error, "query");
  return json(await listConnectionsForKey(key, query.data));
}
