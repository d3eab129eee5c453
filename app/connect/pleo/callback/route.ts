// GET /connect/pleo/callback — Pleo's redirect URI: consume the flow, exchange the code, store the connection.
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { isAdmin, requireUser } from "@/lib/auth/guards";
import { completePleoConnect, FlowRejected } from "@/lib/connections/pleo/connect";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const user = await requireUser(`${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (!isAdmin(user)) redirect("/connect/failed?reason=other_user");
  let notice;
  try {
    notice = await completePleoConnect(user, request.nextUrl.searchParams);
  } catch (error) {
    if (error instanceof FlowRejected) redirect(`/connect/failed?reason=${error.reason}`);
    throw error;
  }
  redirect(`/dashboard?notice=${notice}`);
}
