// /api/v1/connections/{id}/proxy/{path…} — any method, forwarded to the connection's provider API.
import { authenticate } from "@/lib/api/authenticate";
import { invalidRequest } from "@/lib/api/problem";
import { proxyRequest } from "@/lib/api/proxy";
import { connectionIdParams } from "@/lib/api/schemas";

async function handle(
  request: Request,
  { params }: { params: Promise<{ id: string; path: string[] }> },
): Promise<Response> {
  const key = await authenticate(request, "proxy");
  if (key instanceof Response) return key;
  const parsed = connectionIdParams.safeParse({ id: (await params).id });
  if (!parsed.success) return invalidRequest(parsed.error, "path");
  return proxyRequest(request, key, parsed.data.id);
}

export {
  handle as GET,
  handle as HEAD,
  handle as POST,
  handle as PUT,
  handle as PATCH,
  handle as DELETE,
  handle as OPTIONS,
};
