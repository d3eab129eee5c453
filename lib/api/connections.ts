import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { db, pool } from "@/db/client";
import { connections } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api-keys/verify";
import type { ProviderName } from "@/lib/connections/read/dto";
import { selectConnectionJson, toConnectionJson } from "./connection-json";
import { encodeCursor, type ConnectionJson, type listConnectionsQuery } from "./schemas";

/**
 * Connections as an API key sees them. A key limited to a workspace has that limit in every
 * query, so another workspace's connection is simply not found (404, never 403: ids do not leak).
 */

const select = () => selectConnectionJson(db());

const withinKey = (key: ApiPrincipal): SQL | undefined =>
  key.workspaceId ? eq(connections.workspaceId, key.workspaceId) : undefined;

export async function listConnectionsForKey(key: ApiPrincipal, q: z.output<typeof listConnectionsQuery>) {
  const filters = [
    withinKey(key),
    q.provider ? eq(connections.provider, q.provider) : undefined,
    q.status ? eq(connections.status, q.status) : undefined,
    q.workspace ? eq(connections.workspaceId, q.workspace) : undefined,
    q.cursor
      ? sql`(${connections.createdAt}, ${connections.id}) > (${q.cursor.at}::timestamptz, ${q.cursor.id}::uuid)`
      : undefined,
  ];
  const rows = await select()
    .where(and(...filters))
    .orderBy(asc(connections.createdAt), asc(connections.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toConnectionJson),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.createdAtExact, id: last.id }) : null,
  };
}

export async function getConnectionForKey(key: ApiPrincipal, id: string): Promise<ConnectionJson | undefined> {
  const [row] = await select().where(and(eq(connections.id, id), withinKey(key)));
  return row && toConnectionJson(row);
}

export type UsableConnection = {
  id: string;
  provider: ProviderName;
  status: string;
  statusReason: string | null;
  workspaceId: string;
  externalId: string;
  storedAccessToken: { sealed: string | null; expiresAt: Date | null };
};

type UsableRow = Omit<UsableConnection, "storedAccessToken"> & { sealed: string | null; expiresAt: Date | null };

/**
 * The few columns the token and proxy paths need, with the stored access token: one primary-key
 * read (a named prepared statement) instead of one for the connection and one for its token.
 */
export async function findConnectionForUse(key: ApiPrincipal, id: string): Promise<UsableConnection | undefined> {
  const { rows } = await pool().query<UsableRow>({
    name: "api-connection-for-use",
    text: `select c.id, c.provider, c.status, c.status_reason as "statusReason", c.workspace_id as "workspaceId", c.external_id as "externalId",
                  cc.access_token as sealed, cc.access_token_expires_at as "expiresAt"
             from connections c left join connection_credentials cc on cc.connection_id = c.id
            where c.id = $1 and ($2::uuid is null or c.workspace_id = $2)`,
    values: [id, key.workspaceId],
  });
  const row = rows[0];
  if (!row) return undefined;
  const { sealed, expiresAt, ...connection } = row;
  return { ...connection, storedAccessToken: { sealed, expiresAt } };
}
