import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { connections, users, workspaces } from "@/db/schema";
import type { ProviderName } from "@/lib/connections/read/dto";
import type { ConnectionJson } from "./schemas";

/**
 * THE connection as the partner's backend sees it (schemas.ts connectionSchema): the body of
 * `GET /api/v1/connections/{id}`, each item of the list, and `data.connection` of every webhook.
 * One set of columns and one mapping, so the two can never drift apart. No token, no internal flag.
 */
export const connectionJsonColumns = {
  id: connections.id,
  provider: connections.provider,
  status: connections.status,
  statusReason: connections.statusReason,
  workspaceId: connections.workspaceId,
  workspaceName: workspaces.name,
  externalId: connections.externalId,
  externalName: connections.externalName,
  scopes: connections.scopes,
  connectedAt: connections.connectedAt,
  connectedBy: users.email,
  lastRefreshAt: connections.lastRefreshAt,
  lastRefreshOutcome: connections.lastRefreshOutcome,
  createdAt: connections.createdAt,
  // Microseconds, for an exact keyset cursor.
  createdAtExact: sql<string>`to_char(${connections.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

type Row = { [K in keyof typeof connectionJsonColumns]: unknown } & Record<string, unknown>;

export function toConnectionJson(r: Row): ConnectionJson {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    id: r.id as string,
    provider: r.provider as ProviderName,
    status: r.status as ConnectionJson["status"],
    statusReason: (r.statusReason as string | null) ?? null,
    workspace: { id: r.workspaceId as string, name: r.workspaceName as string },
    externalId: r.externalId as string,
    externalName: (r.externalName as string | null) ?? null,
    scopes: r.scopes as string[],
    connectedAt: iso(r.connectedAt),
    connectedBy: (r.connectedBy as string | null) ?? null,
    lastRefresh: { at: iso(r.lastRefreshAt), outcome: (r.lastRefreshOutcome as string | null) ?? null },
    createdAt: iso(r.createdAt)!,
  };
}

/** The select behind every ConnectionJson, on the pool or inside the caller's transaction. */
export const selectConnectionJson = (on: Database | Transaction) =>
  on
    .select(connectionJsonColumns)
    .from(connections)
    .innerJoin(workspaces, eq(workspaces.id, connections.workspaceId))
    .leftJoin(users, eq(users.id, connections.connectedByUserId));

/** One connection; inside a transaction a webhook carries the state that transaction wrote. */
export async function loadConnectionJson(
  on: Database | Transaction,
  connectionId: string,
): Promise<ConnectionJson | undefined> {
  const [row] = await selectConnectionJson(on).where(eq(connections.id, connectionId));
  return row && toConnectionJson(row);
}
