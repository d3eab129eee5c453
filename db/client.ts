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
  if (!globalForDb.portalPool) {
    const created = new pg.Pool({ connectionString: env().databaseUrl, max: 10, idleTimeoutMillis: 30_000 });
    // An idle client dropped by the server (restart, failover) must not crash the process: the
    // pool discards it and the next query opens a new connection.
    created.on("error", (error) =>
      console.error(
        JSON.stringify({
          at: new Date().toISOString(),
          level: "warn",
          event: "db.idle_client_error",
          code: (error as { code?: string }).code,
        }),
      ),
    );
    globalForDb.portalPool = created;
  }
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
