import PgBoss from "pg-boss";
import pg from "pg";

/** The job queue's tables live in their own schema, created and upgraded by pg-boss itself. */
export const QUEUE_SCHEMA = "pgboss";

/**
 * Create or upgrade the pg-boss schema (pg-boss's own versioned migrations) on this database.
 * Called by migrateDatabase, so every database the app migrates — `npm start`, `npm run
 * db:migrate`, each test database — has the queue before any process sends a job.
 */
export async function installQueueSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
      schema: QUEUE_SCHEMA,
      migrate: true,
      supervise: false,
      schedule: false,
    });
    boss.on("error", () => {});
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
  } finally {
    await client.end();
  }
}
