import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";

// GET /api/metrics — Prometheus text format, for a scraper holding METRICS_TOKEN. Without
// METRICS_TOKEN configured the endpoint does not exist (404); a missing or wrong token is 401.
export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function authorized(header: string | null, token: string): boolean {
  const presented = header?.match(/^Bearer (\S+)$/)?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Not found\n", { status: 404 });
  if (!authorized(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const registry = metrics().registry;
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
