"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { setDigestEnabled } from "@/lib/people/email-preferences";

// A public POST endpoint like every server action: the session is checked again here.
export async function saveEmailPreferencesAction(form: FormData): Promise<void> {
  const user = await requireStaff("/settings/workspaces");
  await setDigestEnabled(user, form.get("digest") === "on");
  redirect("/settings/workspaces?notice=email-preferences");
}
