import "server-only";
import { and, desc, eq, isNotNull, type SQL } from "drizzle-orm";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { auditEvents, connectionCredentials, connections, users, workspaces } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { ConnectionDto } from "./dto";

/**
 * The data-access layer for reading connections. Ownership is part of every query: a customer
 * admin's reads are limited to their workspace in SQL, so a foreign id simply finds nothing.
 */
function visibleTo(user: SessionUser): SQL | undefined {
  if (user.role === "partner_staff") return undefined;
  return eq(connections.workspaceId, user.workspaceId ?? "00000000-0000-0000-0000-000000000000");
}

const dtoColumns = {
  id: connections.id,
  workspaceId: connections.workspaceId,
  workspaceName: workspaces.name,
  provider: connections.provider,
  externalId: connections.externalId,
  externalUrn: connections.externalUrn,
  externalName: connections.externalName,
  status: connections.status,
  statusReason: connections.statusReason,
  scopes: connections.scopes,
  connectedByEmail: users.email,
  connectedAt: connections.connectedAt,
  lastRefreshAt: connections.lastRefreshAt,
  lastRefreshOutcome: connections.lastRefreshOutcome,
  remoteRevocationPending: connections.remoteRevocationPending,
  accessTokenExpiresAt: connectionCredentials.accessTokenExpiresAt,
  refreshTokenIssuedAt: connectionCredentials.refreshTokenIssuedAt,
  hasTokens: isNotNull(connectionCredentials.refreshToken),
};

function baseQuery() {
  return db()
    .select(dtoColumns)
    .from(connections)
    .innerJoin(workspaces, eq(connections.workspaceId, workspaces.id))
    .leftJoin(users, eq(connections.connectedByUserId, users.id))
    .leftJoin(connectionCredentials, eq(connectionCredentials.connectionId, connections.id));
}

export async function listConnections(user: SessionUser, limit = 200): Promise<ConnectionDto[]> {
  const rows = await baseQuery().where(visibleTo(user)).orderBy(desc(connections.createdAt), desc(connections.id)).limit(limit);
  return rows.map((r) => ({ ...r, hasTokens: Boolean(r.hasTokens) }));
}

/** One connection the user may see, or Next's 404 (also for a malformed or foreign id). */
export async function getConnectionOrThrow(user: SessionUser, id: string): Promise<ConnectionDto> {
  const row = await findVisibleConnection(user, id);
  if (!row) notFound();
  return row;
}

export async function findVisibleConnection(user: SessionUser, id: string): Promise<ConnectionDto | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await baseQuery().where(and(eq(connections.id, id), visibleTo(user)));
  return row && { ...row, hasTokens: Boolean(row.hasTokens) };
}

export type AuditEntry = { id: number; at: Date; actor: string; action: string; detail: Record<string, unknown> };

export async function listAuditTrail(user: SessionUser, connectionId: string, limit = 100): Promise<AuditEntry[]> {
  await getConnectionOrThrow(user, connectionId);
  return db()
    .select({ id: auditEvents.id, at: auditEvents.at, actor: auditEvents.actorLabel, action: auditEvents.action, detail: auditEvents.detail })
    .from(auditEvents)
    .where(eq(auditEvents.connectionId, connectionId))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}
