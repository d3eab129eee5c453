"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/config";
import { requireAdmin } from "@/lib/auth/guards";
import { setWorkspaceSyncFrom } from "@/lib/connections/pliant/sync-from";
import { revokeConnection } from "@/lib/connections/revoke";
import { testConnection } from "@/lib/connections/check";

// Server actions are public POST endpoints: each one re-checks the session and ownership itself.

function formId(form: FormData): string {
  const value = form.get("connectionId");
  return typeof value === "string" ? value : "";
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

export async function revokeConnectionAction(form: FormData): Promise<void> {
  const user = await requireAdmin();
  const notice = await revokeConnection(user, formId(form));
  redirect(`/dashboard?notice=${notice}`);
}

export async function testConnectionAction(form: FormData): Promise<void> {
  const user = await requireAdmin();
  const id = formId(form);
  const notice = await testConnection(user, id);
  redirect(
    notice === "connection-not-found" ? `/dashboard?notice=${notice}` : `/dashboard/connections/${id}?notice=${notice}`,
  );
}

export async function setPliantSyncFromAction(form: FormData): Promise<void> {
  const user = await requireAdmin();
  const outcome = await setWorkspaceSyncFrom(user, form.get("policy"));
  redirect(`/dashboard?notice=${outcome === "saved" ? "sync-from-saved" : "sync-from-invalid"}`);
}
