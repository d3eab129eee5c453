import "server-only";
import { eq, isNotNull, type SQL } from "drizzle-orm";
import { db } from "@/db/client";
import { connectionCredentials, connections, users, workspaces } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";

/**
 * Who may see which connection, and the columns of a connection DTO. Every read adds `visibleTo`:
 * an admin's reads are limited to their workspace in SQL, so a foreign id simply finds nothing.
 * Kept apart from queries.ts (which uses Next's notFound) so the benchmarks can load it outside Next.
 */
export function visibleTo(user: SessionUser): SQL | undefined {
  if (user.role === "partner_staff") return undefined;
  return eq(connections.workspaceId, user.workspaceId ?? "00000000-0000-0000-0000-000000000000");
}

export const dtoColumns = {
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
  remoteRevocationError: connections.remoteRevocationError,
  accessTokenExpiresAt: connectionCredentials.accessTokenExpiresAt,
  refreshTokenIssuedAt: connectionCredentials.refreshTokenIssuedAt,
  hasTokens: isNotNull(connectionCredentials.refreshToken),
};

export function baseQuery() {
  return db()
    .select(dtoColumns)
    .from(connections)
    .innerJoin(workspaces, eq(connections.workspaceId, workspaces.id))
    .leftJoin(users, eq(connections.connectedByUserId, users.id))
    .leftJoin(connectionCredentials, eq(connectionCredentials.connectionId, connections.id));
}
