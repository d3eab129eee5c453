"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { acceptInvitation, lookupInvitation } from "@/lib/people/invitations";
import { readNewPassword } from "@/lib/people/password-input";
import type { SetPasswordState } from "@/app/_components/set-password-form";

function tokenOf(form: FormData): string {
  const token = form.get("token");
  return typeof token === "string" ? token : "";
}

/** Accept with a password: the invitation is claimed once, then the new user is signed in. */
export async function acceptWithPasswordAction(_prev: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const token = tokenOf(form);
  const invitation = await lookupInvitation(token);
  if (invitation.state !== "valid") redirect(`/invite/${encodeURIComponent(token)}`);
  const input = readNewPassword(form, [invitation.email, invitation.workspaceName ?? ""]);
  if (input.problem) return { problem: input.problem };
  const accepted = await acceptInvitation(token, input.password);
  if (!accepted.ok) redirect(`/invite/${encodeURIComponent(token)}`);
  await signIn("credentials", { email: accepted.email, password: input.password, redirectTo: "/dashboard" });
  return {};
}

/** Accept for single sign-on: no password; the identity provider signs the user in by email. */
export async function acceptWithSsoAction(form: FormData): Promise<void> {
  const token = tokenOf(form);
  const accepted = await acceptInvitation(token, null);
  if (!accepted.ok) redirect(`/invite/${encodeURIComponent(token)}`);
  await signIn("oidc", { redirectTo: "/dashboard" });
}
