"use server";

import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/guards";
import { startPleoConnect } from "@/lib/connections/pleo/connect";
import { ProviderNotConfigured } from "@/lib/providers/errors";

/** The confirmation's POST (a server action: Next refuses it from another origin), then Pleo. */
export async function confirmPleoConnectAction(form: FormData): Promise<void> {
  const connection = form.get("connection");
  const user = await requireAdmin("/dashboard");
  let target: URL | "connection-not-found";
  try {
    target = await startPleoConnect(user, typeof connection === "string" && connection ? connection : undefined);
  } catch (error) {
    if (error instanceof ProviderNotConfigured) redirect("/dashboard?notice=pleo-not-configured");
    throw error;
  }
  if (target === "connection-not-found") redirect("/dashboard?notice=connection-not-found");
  redirect(target.toString());
}
