import "server-only";
import { pool, type Database, type Transaction } from "@/db/client";
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

export type AuditEvent = {
  action: AuditAction;
  actor: AuditActor;
  workspaceId?: string | null;
  connectionId?: string | null;
  detail?: Record<string, unknown>;
};

/** Append-only: the trail of who did what to which connection. `detail` must never hold a token. */
export async function recordAudit(tx: Database | Transaction, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    action: event.action,
    actorUserId: event.actor.userId ?? null,
    actorLabel: event.actor.label,
    workspaceId: event.workspaceId ?? null,
    connectionId: event.connectionId ?? null,
    detail: event.detail ?? {},
  });
}

/**
 * recordAudit outside a transaction, as one named prepared statement on the pool: for hot paths
 * (every token the partner API issues is an audit event), where building the insert with the
 * query builder cost more CPU than the database's own work (bench/api-token.ts).
 */
export async function recordAuditNow(event: AuditEvent): Promise<void> {
  await pool().query({
    name: "audit-insert",
    text: `insert into audit_events (action, actor_user_id, actor_label, workspace_id, connection_id, detail)
           values ($1, $2, $3, $4, $5, $6)`,
    values: [
      event.action,
      event.actor.userId ?? null,
      event.actor.label,
      event.workspaceId ?? null,
      event.connectionId ?? null,
      JSON.stringify(event.detail ?? {}),
    ],
  });
}

export function actorOf(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}
