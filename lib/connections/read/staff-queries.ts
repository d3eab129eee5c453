import "server-only";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import {
  connectionCounts,
  connectionCredentials,
  connectionStatus,
  connections,
  provider,
  users,
  workspaces,
} from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { ConnectionDto, ConnectionStatus, ProviderName } from "./dto";
import type { Cursor, ListFilters, ListParams } from "./list-params";
import { dtoColumns, visibleTo } from "./visibility";

/**
 * The dashboard list at scale: keyset pages on (created_at, id), newest first, never OFFSET, so a
 * page deep in 100k rows costs what the first one does. Ownership comes first in every WHERE
 * (`visibleTo`): staff see every workspace, an admin only their own, whatever the filters say.
 */

export const PAGE_SIZE = 50;

export type ConnectionPage = {
  rows: ConnectionDto[];
  /** Keys of the first and last row, for the Previous and Next links (absent: no such page). */
  previous?: Cursor;
  next?: Cursor;
};

// The sort key as Postgres holds it (microseconds), so a cursor compares exactly.
const cursorAt = sql<string>`to_char(${connections.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function filterWhere(user: SessionUser, f: ListFilters): SQL | undefined {
  return and(
    visibleTo(user),
    f.provider ? eq(connections.provider, f.provider) : undefined,
    f.status ? eq(connections.status, f.status) : undefined,
    f.workspaceId ? eq(connections.workspaceId, f.workspaceId) : undefined,
    f.q ? searchWhere(f.q) : undefined,
  );
}

/**
 * Name contains the text (case-insensitive), or an exact account id or connection id. Written so
 * each branch can use an index: lower(name) a trigram index (when present), the account id the
 * unique (provider, external_id) index, the connection id the primary key.
 */
function searchWhere(q: string): SQL | undefined {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    sql`lower(${connections.externalName}) like lower(${pattern})`,
    and(inArray(connections.provider, provider.enumValues), eq(connections.externalId, q)),
    z.uuid().safeParse(q).success ? eq(connections.id, q) : undefined,
  );
}

export async function listConnectionPage(
  user: SessionUser,
  params: ListParams,
  pageSize = PAGE_SIZE,
): Promise<ConnectionPage> {
  const backwards = params.before !== undefined;
  const key = params.after ?? params.before;
  const keyTuple = sql`(${connections.createdAt}, ${connections.id})`;
  const keyWhere =
    key &&
    (backwards
      ? sql`${keyTuple} > (${key.at}::timestamptz, ${key.id}::uuid)`
      : sql`${keyTuple} < (${key.at}::timestamptz, ${key.id}::uuid)`);
  const order = backwards
    ? [asc(connections.createdAt), asc(connections.id)]
    : [desc(connections.createdAt), desc(connections.id)];
  // Two steps: first the page's ids, from the indexes alone where they cover the filters (a name
  // search then skips non-matching rows without reading them), then the details of those rows only.
  const pageIds = db()
    .select({ id: connections.id })
    .from(connections)
    .where(and(filterWhere(user, params), keyWhere))
    .orderBy(...order)
    // One extra row tells whether there is a page beyond this one.
    .limit(pageSize + 1)
    .as("page_ids");
  const found = await db()
    .select({ ...dtoColumns, cursorAt })
    .from(pageIds)
    .innerJoin(connections, eq(connections.id, pageIds.id))
    .innerJoin(workspaces, eq(connections.workspaceId, workspaces.id))
    .leftJoin(users, eq(connections.connectedByUserId, users.id))
    .leftJoin(connectionCredentials, eq(connectionCredentials.connectionId, connections.id))
    .orderBy(...order);
  const more = found.length > pageSize;
  const page = found.slice(0, pageSize);
  if (backwards) page.reverse();
  const rows = page.map(({ cursorAt: _c, ...r }) => ({ ...r, hasTokens: Boolean(r.hasTokens) }));
  const first = page[0] && { at: page[0].cursorAt, id: page[0].id };
  const last = page.at(-1) && { at: page.at(-1)!.cursorAt, id: page.at(-1)!.id };
  // The side we came from exists by construction; the side we move towards exists if `more`.
  const hasPrevious = backwards ? more : key !== undefined;
  const hasNext = backwards ? true : more;
  return { rows, previous: hasPrevious ? first : undefined, next: hasNext ? last : undefined };
}

export type ConnectionCounts = {
  total: number;
  byStatus: Record<ConnectionStatus, number>;
  byProvider: Record<ProviderName, number>;
  /** Status × provider, for the text alternative and detail. */
  cells: { status: ConnectionStatus; provider: ProviderName; count: number }[];
};

/** A zero for every value of a schema enum. */
const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts per status and provider of what the user may see (one grouped scan of an index). */
export async function countConnections(user: SessionUser): Promise<ConnectionCounts> {
  // From the trigger-kept counter table: a few rows whatever the number of connections.
  const own =
    user.role === "partner_staff"
      ? undefined
      : eq(connectionCounts.workspaceId, user.workspaceId ?? "00000000-0000-0000-0000-000000000000");
  const cells = await db()
    .select({
      status: connectionCounts.status,
      provider: connectionCounts.provider,
      count: sql<number>`sum(${connectionCounts.count})::int`,
    })
    .from(connectionCounts)
    .where(own)
    .groupBy(connectionCounts.status, connectionCounts.provider)
    .having(sql`sum(${connectionCounts.count}) > 0`);
  const counts: ConnectionCounts = {
    total: 0,
    byStatus: zeroes(connectionStatus.enumValues),
    byProvider: zeroes(provider.enumValues),
    cells,
  };
  for (const c of cells) {
    counts.total += c.count;
    counts.byStatus[c.status] += c.count;
    counts.byProvider[c.provider] += c.count;
  }
  return counts;
}

/** Workspaces for the filter: every one for staff, only their own for an admin. */
export async function listWorkspaceOptions(user: SessionUser): Promise<{ id: string; name: string }[]> {
  const own =
    user.role === "partner_staff"
      ? undefined
      : eq(workspaces.id, user.workspaceId ?? "00000000-0000-0000-0000-000000000000");
  return db()
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(own)
    .orderBy(asc(workspaces.name))
    .limit(2000);
}
