import "server-only";
import { and, desc, eq, gt, isNotNull, isNull, sql, TransactionRollbackError } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { invitations, users, workspaces } from "@/db/schema";
import { setPassword, type SessionUser } from "@/lib/auth/users";
import { actorOf, recordAudit } from "@/lib/connections/audit";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locales";
import { queueMail } from "@/lib/mail/send";
import { canManageWorkspace, PeopleError } from "./access";
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from "./tokens";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const inviteInput = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.trim().toLowerCase()),
  role: z.enum(["customer_admin", "partner_staff"]),
  workspaceId: z.uuid().nullable(),
});

export type InvitationDto = {
  id: string;
  email: string;
  role: "customer_admin" | "partner_staff";
  workspaceId: string | null;
  expiresAt: Date;
  expired: boolean;
  invitedBy: string | null;
};

function inviteLink(token: string): string {
  return `${env().APP_URL}/invite/${token}`;
}

async function workspaceName(workspaceId: string | null): Promise<string | null> {
  if (!workspaceId) return null;
  const [ws] = await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return ws?.name ?? null;
}

/**
 * Invites someone: staff invite admins of any workspace and other staff; a customer admin invites
 * admins of their own workspace. Refused when the email already belongs to an active user or has
 * a pending invitation (resend that one instead).
 */
export async function createInvitation(
  actor: SessionUser,
  raw: z.input<typeof inviteInput>,
  locale: Locale,
): Promise<{ id: string }> {
  const parsed = inviteInput.safeParse(raw);
  if (!parsed.success) throw new PeopleError("invalid-input");
  const input = parsed.data;
  const workspaceId = input.role === "partner_staff" ? null : input.workspaceId;
  if (input.role === "customer_admin" && !workspaceId) throw new PeopleError("invalid-input");
  if (input.role === "partner_staff" ? actor.role !== "partner_staff" : !canManageWorkspace(actor, workspaceId))
    throw new PeopleError("not-allowed");
  const wsName = await workspaceName(workspaceId);
  if (workspaceId && !wsName) throw new PeopleError("not-found");
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const id = await db().transaction(async (tx) => {
    // Serialize invitations of one email so two clicks cannot create two pending ones.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite:${input.email}`}))`);
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, input.email), isNull(users.deactivatedAt)));
    if (user) throw new PeopleError("already-user");
    const [pending] = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.email, input.email), pendingInvitation()));
    if (pending) throw new PeopleError("already-invited");
    const [row] = await tx
      .insert(invitations)
      .values({
        email: input.email,
        role: input.role,
        workspaceId,
        tokenHash: hash,
        invitedByUserId: actor.id,
        locale,
        expiresAt,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      action: "invitation.created",
      actor: actorOf(actor),
      workspaceId,
      detail: { email: input.email, role: input.role },
    });
    // Queued in the same transaction: the mail exists exactly when the invitation does.
    await queueMail(
      {
        template: "invitation",
        to: input.email,
        locale,
        link: inviteLink(token),
        workspace: wsName,
        inviter: actor.email,
        expiresAt,
      },
      { tx },
    );
    return row!.id;
  });
  return { id };
}

function pendingInvitation() {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`));
}

/** Invitations not yet accepted or revoked (expired ones too, so they can be resent), newest first. */
export async function listOpenInvitations(actor: SessionUser, workspaceId: string | null): Promise<InvitationDto[]> {
  if (workspaceId === null ? actor.role !== "partner_staff" : !canManageWorkspace(actor, workspaceId))
    throw new PeopleError("not-allowed");
  const rows = await db()
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      workspaceId: invitations.workspaceId,
      expiresAt: invitations.expiresAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        workspaceId === null ? isNull(invitations.workspaceId) : eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  const now = Date.now();
  return rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() <= now }));
}

async function openInvitationFor(actor: SessionUser, id: string) {
  if (!z.uuid().safeParse(id).success) throw new PeopleError("not-found");
  const [inv] = await db()
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  // Someone else's invitation reads as missing: no hint that it exists.
  const allowed =
    inv && (inv.workspaceId === null ? actor.role === "partner_staff" : canManageWorkspace(actor, inv.workspaceId));
  if (!inv || !allowed) throw new PeopleError("not-found");
  return inv;
}

/** A new link (the old one stops working) valid for another 7 days, mailed again. */
export async function resendInvitation(actor: SessionUser, id: string, locale: Locale): Promise<void> {
  const inv = await openInvitationFor(actor, id);
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const wsName = await workspaceName(inv.workspaceId);
  await db().transaction(async (tx) => {
    await tx.update(invitations).set({ tokenHash: hash, expiresAt, locale }).where(eq(invitations.id, inv.id));
    await recordAudit(tx, {
      action: "invitation.resent",
      actor: actorOf(actor),
      workspaceId: inv.workspaceId,
      detail: { email: inv.email },
    });
    await queueMail(
      {
        template: "invitation",
        to: inv.email,
        locale,
        link: inviteLink(token),
        workspace: wsName,
        inviter: actor.email,
        expiresAt,
      },
      { tx },
    );
  });
}

export async function revokeInvitation(actor: SessionUser, id: string): Promise<void> {
  const inv = await openInvitationFor(actor, id);
  await db().transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.revokedAt)));
    await recordAudit(tx, {
      action: "invitation.revoked",
      actor: actorOf(actor),
      workspaceId: inv.workspaceId,
      detail: { email: inv.email },
    });
  });
}

export type InvitationLookup =
  | { state: "valid"; email: string; role: "customer_admin" | "partner_staff"; workspaceName: string | null }
  | { state: "expired" | "used" | "unknown" };

/** What the accept page shows for a link: never consumes it. */
export async function lookupInvitation(token: unknown): Promise<InvitationLookup> {
  if (!isWellFormedLinkToken(token)) return { state: "unknown" };
  const [inv] = await db()
    .select({
      email: invitations.email,
      role: invitations.role,
      workspaceName: workspaces.name,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .leftJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashLinkToken(token)));
  if (!inv || inv.revokedAt) return { state: "unknown" };
  if (inv.acceptedAt) return { state: "used" };
  if (inv.expiresAt.getTime() <= Date.now()) return { state: "expired" };
  return { state: "valid", email: inv.email, role: inv.role, workspaceName: inv.workspaceName };
}

/**
 * Accepts an invitation once: the row is claimed atomically (a second click, or a race, finds
 * nothing), the user created or reactivated, and the password set (none for single sign-on).
 */
export async function acceptInvitation(
  token: unknown,
  password: string | null,
): Promise<{ ok: true; email: string } | { ok: false; state: "expired" | "used" | "unknown" }> {
  if (!isWellFormedLinkToken(token)) return { ok: false, state: "unknown" };
  return db()
    .transaction(async (tx) => {
      const [inv] = await tx
        .update(invitations)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invitations.tokenHash, hashLinkToken(token)), pendingInvitation()))
        .returning();
      if (!inv) {
        const found = await lookupInvitation(token);
        return { ok: false as const, state: found.state === "valid" ? ("used" as const) : found.state };
      }
      const [user] = await tx
        .insert(users)
        .values({ email: inv.email, role: inv.role, workspaceId: inv.workspaceId, locale: inv.locale })
        // Only a deactivated account is taken over; an active one (created meanwhile) stays as it is.
        .onConflictDoUpdate({
          target: users.email,
          set: { role: inv.role, workspaceId: inv.workspaceId, deactivatedAt: null },
          setWhere: isNotNull(users.deactivatedAt),
        })
        .returning({ id: users.id });
      if (!user) {
        tx.rollback();
      }
      if (password !== null) await setPassword(user!.id, password, tx);
      await recordAudit(tx, {
        action: "invitation.accepted",
        actor: { userId: user!.id, label: inv.email },
        workspaceId: inv.workspaceId,
        detail: { role: inv.role, withPassword: password !== null },
      });
      return { ok: true as const, email: inv.email };
    })
    .catch((error: unknown) => {
      // An account with this email became active meanwhile: the invitation is spent, nothing changed.
      if (error instanceof TransactionRollbackError) return { ok: false as const, state: "used" as const };
      throw error;
    });
}
