// GET /connect/pleo — Pleo's initiation URL: start authorize with state + PKCE; ?connection=<id> reconnects it.
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { isAdmin, requireUser } from "@/lib/auth/guards";
import { startPleoConnect } from "@/lib/connections/pleo/connect";
import { ProviderNotConfigured } from "@/lib/providers/errors";
import { isForeignNavigation } from "@/lib/security/cross-site";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const here = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const user = await requireUser(here);
  if (!isAdmin(user)) redirect("/dashboard?notice=admins-only");
  const connection = request.nextUrl.searchParams.get("connection") ?? undefined;
  // Another site sent the admin here: ask before starting (a provider that skips consent would
  // otherwise complete a connect or reconnect the admin never chose).
  if (isForeignNavigation(request.headers)) redirect(`/connect/pleo/confirm${request.nextUrl.search}`);
  let target: URL | "connection-not-found";
  try {
    target = await startPleoConnect(user, connection);
  } catch (error) {
    if (error instanceof ProviderNotConfigured) redirect("/dashboard?notice=pleo-not-configured");
    throw error;
  }
  if (target === "connection-not-found") redirect("/dashboard?notice=connection-not-found");
  redirect(target.toString());
}
