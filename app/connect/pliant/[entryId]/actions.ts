"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/guards";
import { approvePliantEntry, cancelPliantEntry, type Decision } from "@/lib/connections/pliant/approve";
import { entryCookieName, ENTRY_COOKIE_PATH } from "@/lib/connections/pliant/entry/browser-binding";

// Server actions are public POST endpoints: each re-checks the session, the browser binding and
// (inside the service) that the entry is still awaiting a decision.

const entryField = z.object({ entryId: z.uuid() });

async function decide(form: FormData, decision: typeof approvePliantEntry): Promise<never> {
  const parsed = entryField.safeParse({ entryId: form.get("entryId") });
  if (!parsed.success) redirect("/dashboard");
  const { entryId } = parsed.data;
  const page = `/connect/pliant/${entryId}`;
  const user = await requireAdmin(page);
  const jar = await cookies();
  // The service checks the browser binding itself; refused (other browser, entry gone): the page explains.
  const result: Decision = await decision(user, entryId, jar.get(entryCookieName())?.value);
  if ("refused" in result) redirect(page);
  jar.delete({ name: entryCookieName(), path: ENTRY_COOKIE_PATH });
  redirect(result.location);
}

export async function approveAction(form: FormData): Promise<void> {
  await decide(form, approvePliantEntry);
}

export async function cancelAction(form: FormData): Promise<void> {
  await decide(form, cancelPliantEntry);
}
