import "server-only";
import { and, desc, eq, gt } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { auditEvents, connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { recordAudit, type AuditActor } from "./audit";
import type { ProviderName } from "./read/dto";

/** How long a new connection stays on its workspace's dashboard as "did you start this?". */
export const NEW_CONNECTION_NOTICE_DAYS = 7;

export type NewConnection = {
  workspaceId: string;
  connectionId: string;
  provider: ProviderName;
  name: string | null;
  actor: AuditActor;
};

/**
 * Tell a workspace's admins that a connection was added ("did you start this?"): an audit event
 * that the admin dashboard shows as a notice for a week. The place where email goes too, later.
 */
export async function notifyNewConnection(tx: Database | Transaction, c: NewConnection): Promise<void> {
  await recordAudit(tx, {
    action: "connection.admins_notified",
    actor: c.actor,
    workspaceId: c.workspaceId,
    connectionId: c.connectionId,
    detail: { provider: c.provider, name: c.name, by: c.actor.label },
  });
}

export type NewConnectionNotice = {
  connectionId: string;
  provider: ProviderName;
  name: string | null;
  by: string;
  at: Date;
};

/** The workspace's new-connection notices of the last week, newest first (only for its own admins). */
export async function listNewConnectionNotices(user: AdminUser, limit = 10): Promise<NewConnectionNotice[]> {
  const since = new Date(Date.now() - NEW_CONNECTION_NOTICE_DAYS * 86_400_000);
  const rows = await db()
    .select({
      connectionId: connections.id,
      provider: connections.provider,
      name: connections.externalName,
      by: auditEvents.actorLabel,
      at: auditEvents.at,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .innerJoin(
      connections,
      and(eq(connections.id, auditEvents.connectionId), eq(connections.workspaceId, user.workspaceId)),
    )
    .where(
      and(
        eq(auditEvents.workspaceId, user.workspaceId),
        eq(auditEvents.action, "connection.admins_notified"),
        gt(auditEvents.at, since),
      ),
    )
    .orderBy(desc(auditEvents.at))
    .limit(limit);
  return rows.map((r) => ({
    connectionId: r.connectionId,
    provider: r.provider,
    name: r.name ?? (typeof r.detail.name === "string" ? r.detail.name : null),
    by: r.by,
    at: r.at,
  }));
}
