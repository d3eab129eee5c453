// GET /api/health — liveness plus a database round trip; 503 when the database does not answer.
import { checkDatabase } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const ok = database.status === "up";
  return Response.json(
    { status: ok ? "ok" : "degraded", database },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
