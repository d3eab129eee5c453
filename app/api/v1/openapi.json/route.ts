// GET /api/v1/openapi.json — the OpenAPI 3.1 document, generated from the request schemas.
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

export function GET(): Response {
  const document = { ...buildOpenApiDocument(), servers: [{ url: env().APP_URL }] };
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
