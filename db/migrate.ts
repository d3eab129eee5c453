import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { installQueueSchema } from "./queue-schema";

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
// Any fixed number: instances starting together take turns instead of racing the same DDL.
const MIGRATION_LOCK = 727_401;

/** Apply committed drizzle-kit migrations and the job queue's schema; safe to call from several instances at once. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    // The job queue's own schema (pg-boss migrates it; see docs/decisions/020-job-queue.md).
    await installQueueSchema(databaseUrl);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
