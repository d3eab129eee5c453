import "server-only";
import type { Database, Transaction } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditAction =
  | "connection.connected"
  | "connection.reconnected"
  | "connection.refused"
  | "connection.revoked"
  | "connection.revoked_remotely"
  | "connection.remote_revocation_pending"
  | "connection.remote_revocation_done"
  | "connection.needs_reauth"
  | "connection.activation_failed"
  | "connection.tested"
  | "connection.admins_notified"
  | "connection.claim_released"
  | "token.refresh_failed"
  | "token.keep_alive"
  | "token.issued_via_api"
  | "workspace.pliant_sync_from"
  | "installation.activated"
  | "installation.error_reported"
  | "installation.report_failed"

  // People (lib/people): workspaces, invitations, passwords, deactivation.
  | "workspace.created"
  | "workspace.renamed"
  | "invitation.created"
  | "invitation.resent"
  | "invitation.revoked"
  | "invitation.accepted"
  | "user.deactivated"
  | "user.reactivated"
  | "user.removed"
  | "password.reset_requested"
  | "password.changed"
  | "webhook.endpoint_added"
  | "webhook.endpoint_disabled"
  | "webhook.endpoint_enabled"
  | "webhook.secret_rotated"
  | "pliant.callback_authorization_granted"
  | "pliant.callback_subscribed";

export type AuditActor = { userId?: string | null; label: string };

export const SYSTEM: AuditActor = { label: "system" };

/** Append-only: the trail of who did what to which connection. `detail` must never hold a token. */
export async function recordAudit(
  tx: Database | Transaction,
  event: {
    action: AuditAction;
    actor: AuditActor;
    workspaceId?: string | null;
    connectionId?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditEvents).values({
    action: event.action,
    actorUserId: event.actor.userId ?? null,
    actorLabel: event.actor.label,
    workspaceId: event.workspaceId ?? null,
    connectionId: event.connectionId ?? null,
    detail: event.detail ?? {},
  });
}

export function actorOf(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}
