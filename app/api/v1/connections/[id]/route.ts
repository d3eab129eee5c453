// GET /api/v1/connections/{id} — one connection (404 when the key may not see it).
import { authenticate } from "@/lib/api/authenticate";
import { getConnectionForKey } from "@/lib/api/connections";
import { invalidRequest, json, problem } from "@/lib/api/problem";
import { connectionIdParams } from "@/lib/api/schemas";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const key = await authenticate(request, "connections:read");
  if (key instanceof Response) return key;
  const parsed = connectionIdParams.safeParse(await params);
  if (!parsed.success) return invalidRequest(parsed.error, "path");
  const connection = await getConnectionForKey(key, parsed.data.id);
  return connection ? json(connection) : problem("not-found", { detail: "No such connection" });
}
