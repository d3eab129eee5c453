import "server-only";
import { eq } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { connections, users, workspaces } from "@/db/schema";

/**
 * A connection as the partner's backend sees it: the body of `GET /api/v1/connections/{id}` and
 * `data.connection` of every webhook. No token, no internal flag.
 */
export type ConnectionApiDto = {
  id: string;
  provider: "pleo" | "pliant";
  status: "pending" | "active" | "needs_reauth" | "revoked" | "error";
  statusReason: string | null;
  workspace: { id: string; name: string };
  externalId: string;
  externalName: string | null;
  scopes: string[];
  connectedAt: string | null;
  connectedBy: string | null;
  lastRefreshOutcome: string | null;
};

/** Read inside the caller's transaction, so a webhook carries the state that transaction wrote. */
export async function loadConnectionApiDto(tx: Database | Transaction, connectionId: string): Promise<ConnectionApiDto | undefined> {
  const [row] = await tx
    .select({ c: connections, workspaceName: workspaces.name, connectedBy: users.email })
    .from(connections)
    .innerJoin(workspaces, eq(workspaces.id, connections.workspaceId))
    .leftJoin(users, eq(users.id, connections.connectedByUserId))
    .where(eq(connections.id, connectionId));
  if (!row) return undefined;
  const { c } = row;
  return {
    id: c.id,
    provider: c.provider,
    status: c.status,
    statusReason: c.statusReason,
    workspace: { id: c.workspaceId, name: row.workspaceName },
    externalId: c.externalId,
    externalName: c.externalName,
    scopes: c.scopes,
    connectedAt: c.connectedAt?.toISOString() ?? null,
    connectedBy: row.connectedBy ?? null,
    lastRefreshOutcome: c.lastRefreshOutcome,
  };
}
