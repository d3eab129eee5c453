"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { readNewPassword } from "@/lib/people/password-input";
import { completePasswordReset, lookupPasswordReset } from "@/lib/people/password-resets";
import type { SetPasswordState } from "@/app/_components/set-password-form";

/** Sets the new password once per link, then signs the user in with it. */
export async function resetPasswordAction(_prev: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const raw = form.get("token");
  const token = typeof raw === "string" ? raw : "";
  const reset = await lookupPasswordReset(token);
  if (reset.state !== "valid") redirect(`/reset-password/${encodeURIComponent(token)}`);
  const input = readNewPassword(form, [reset.email]);
  if (input.problem) return { problem: input.problem };
  const done = await completePasswordReset(token, input.password);
  if (!done.ok) redirect(`/reset-password/${encodeURIComponent(token)}`);
  await signIn("credentials", { email: done.email, password: input.password, redirectTo: "/dashboard" });
  return {};
}
