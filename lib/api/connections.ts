import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { db, pool } from "@/db/client";
import { connections } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api-keys/verify";
import type { ProviderName } from "@/lib/connections/dto";
import { selectConnectionJson, toConnectionJson } from "./connection-json";
import { encodeCursor, type ConnectionJson, type listConnectionsQuery } from "./schemas";

/**
 * Connections as an API key sees them. A key limited to a workspace has that limit in every
 * query, so another workspace's connection is simply not found (404, never 403: ids do not leak).
 */

const select = () => selectConnectionJson(db());

const withinKey = (key: ApiPrincipal): SQL | undefined => (key.workspaceId ? eq(connections.workspaceId, key.workspaceId) : undefined);

export async function listConnectionsForKey(key: ApiPrincipal, q: z.output<typeof listConnectionsQuery>) {
  const filters = [
    withinKey(key),
    q.provider ? eq(connections.provider, q.provider) : undefined,
    q.status ? eq(connections.status, q.status) : undefined,
    q.workspace ? eq(connections.workspaceId, q.workspace) : undefined,
    q.cursor ? sql`(${connections.createdAt}, ${connections.id}) > (${q.cursor.at}::timestamptz, ${q.cursor.id}::uuid)` : undefined,
  ];
  const rows = await select()
    .where(and(...filters))
    .orderBy(asc(connections.createdAt), asc(connections.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { data: page.map(toConnectionJson), nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.createdAtExact, id: last.id }) : null };
}

export async function getConnectionForKey(key: ApiPrincipal, id: string): Promise<ConnectionJson | undefined> {
  const [row] = await select().where(and(eq(connections.id, id), withinKey(key)));
  return row && toConnectionJson(row);
}

export type UsableConnection = { id: string; provider: ProviderName; status: string; statusReason: string | null; workspaceId: string; externalId: string };

/** The few columns the token and proxy paths need: one primary-key read, the key's limit applied. */
export async function findConnectionForUse(key: ApiPrincipal, id: string): Promise<UsableConnection | undefined> {
  const { rows } = await pool().query<UsableConnection>({
    name: "api-connection-for-use",
    text: 'select id, provider, status, status_reason as "statusReason", workspace_id as "workspaceId", external_id as "externalId" from connections where id = $1 and ($2::uuid is null or workspace_id = $2)',
    values: [id, key.workspaceId],
  });
  return rows[0];
}
