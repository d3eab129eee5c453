import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

// One pool per process; kept on globalThis so Next's hot reload does not open a new pool per edit.
const globalForDb = globalThis as unknown as { portalPool?: pg.Pool; portalDb?: Database };

export function pool(): pg.Pool {
  globalForDb.portalPool ??= new pg.Pool({ connectionString: env().databaseUrl, max: 10, idleTimeoutMillis: 30_000 });
  return globalForDb.portalPool;
}

export function db(): Database {
  globalForDb.portalDb ??= drizzle(pool(), { schema });
  return globalForDb.portalDb;
}

export async function closeDb(): Promise<void> {
  const p = globalForDb.portalPool;
  globalForDb.portalPool = undefined;
  globalForDb.portalDb = undefined;
  await p?.end();
}
