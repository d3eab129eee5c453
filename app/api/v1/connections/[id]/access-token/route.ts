// POST /api/v1/connections/{id}/access-token — a valid provider token for the connection (audited).
import { issueAccessToken } from "@/lib/api/access-token";
import { authenticate } from "@/lib/api/authenticate";
import { invalidRequest } from "@/lib/api/problem";
import { connectionIdParams } from "@/lib/api/schemas";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const key = await authenticate(request, "tokens:issue");
  if (key instanceof Response) return key;
  const parsed = connectionIdParams.safeParse(await params);
  if (!parsed.success) return invalidRequest(parsed.error, "path");
  return issueAccessToken(key, parsed.data.id);
}
