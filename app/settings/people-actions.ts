"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { requestLocale } from "@/lib/i18n/request-locale";
import { PeopleError } from "@/lib/people/access";
import { deactivateUser, reactivateUser } from "@/lib/people/deactivation";
import { createInvitation, resendInvitation, revokeInvitation } from "@/lib/people/invitations";
import { createWorkspace, renameWorkspace } from "@/lib/people/workspaces";

// Server actions are public POST endpoints: each re-checks the session, and the lib/people
// service checks the role and the workspace itself. Results come back as codes in the URL.

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Back to the page the form came from (only our two settings pages). */
function back(form: FormData): "/settings/workspaces" | "/settings/team" {
  return text(form, "from") === "workspaces" ? "/settings/workspaces" : "/settings/team";
}

async function run(form: FormData, notice: string, work: () => Promise<unknown>): Promise<never> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PeopleError) redirect(`${back(form)}?error=${error.code}`);
    throw error;
  }
  redirect(`${back(form)}?notice=${notice}`);
}

export async function inviteAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  // Staff pick a workspace (its admin) or none (partner staff); a customer admin always invites
  // an admin of their own workspace, whatever the form says.
  const workspaceId = user.role === "partner_staff" ? text(form, "workspaceId") || null : user.workspaceId;
  const role = workspaceId ? "customer_admin" : "partner_staff";
  await run(form, "invited", async () =>
    createInvitation(user, { email: text(form, "email"), role, workspaceId }, await requestLocale()),
  );
}

export async function resendInvitationAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "resent", async () => resendInvitation(user, text(form, "invitationId"), await requestLocale()));
}

export async function withdrawInvitationAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "withdrawn", () => revokeInvitation(user, text(form, "invitationId")));
}

export async function removeAdminAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "removed", () => deactivateUser(user, text(form, "userId"), "removed"));
}

export async function deactivateUserAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "deactivated", () => deactivateUser(user, text(form, "userId"), "deactivated"));
}

export async function reactivateUserAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "reactivated", () => reactivateUser(user, text(form, "userId")));
}

export async function createWorkspaceAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "workspace-created", () => createWorkspace(user, text(form, "name")));
}

export async function renameWorkspaceAction(form: FormData): Promise<void> {
  const user = await requireUser(back(form));
  await run(form, "workspace-renamed", () => renameWorkspace(user, text(form, "workspaceId"), text(form, "name")));
}
