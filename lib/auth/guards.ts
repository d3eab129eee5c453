import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { sessionClaims } from "./config";
import { findUserById, type SessionUser } from "./users";

/**
 * The signed-in user, re-read from the database once per request (a deleted user or a changed
 * role takes effect at once), and only while the token's session version is the user's: sign-out,
 * a password or a role change bump it and so end older sessions. Guards run inside every page,
 * action and route, never only in a layout.
 */
export const currentUser = cache(async (): Promise<SessionUser | undefined> => {
  const claims = await sessionClaims();
  return claims ? userOfSession(claims) : undefined;
});

/** The user a session token stands for, if its version is still theirs. */
export async function userOfSession(claims: { sub: string; sv: number | undefined }): Promise<SessionUser | undefined> {
  const user = await findUserById(claims.sub);
  return user && user.sessionVersion === claims.sv ? user : undefined;
}

/** Sign-in page URL that brings the user back to `next` afterwards. */
export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

export async function requireUser(next = "/dashboard"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(signInUrl(next));
  return user;
}

export type AdminUser = SessionUser & { role: "customer_admin"; workspaceId: string; workspaceName: string };

/** A customer admin of a workspace: the one check, for callers that answer "no" their own way. */
export function isAdmin(user: SessionUser): user is AdminUser {
  return user.role === "customer_admin" && Boolean(user.workspaceId);
}

export async function requireAdmin(next = "/dashboard"): Promise<AdminUser> {
  const user = await requireUser(next);
  if (!isAdmin(user)) notFound();
  return user;
}

export async function requireStaff(next = "/dashboard"): Promise<SessionUser & { role: "partner_staff" }> {
  const user = await requireUser(next);
  if (user.role !== "partner_staff") notFound();
  return user as SessionUser & { role: "partner_staff" };
}
