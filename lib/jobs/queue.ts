import "server-only";
import PgBoss from "pg-boss";
import { pool } from "@/db/client";
import { QUEUE_SCHEMA } from "@/db/queue-schema";
import { log } from "@/lib/log";

/**
 * This process's handle on the PostgreSQL job queue (pg-boss), on the app's own connection pool:
 * sending a job is one INSERT, so a web request that enqueues never waits on anything else.
 * Only a worker (lib/jobs/worker.ts) polls, maintains and schedules; this handle never does.
 */
const globalForQueue = globalThis as unknown as { portalQueue?: Promise<PgBoss> };

export function newBoss(options: { worker: boolean }): PgBoss {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool().query(text, values) },
    schema: QUEUE_SCHEMA,
    // The schema is installed by migrateDatabase (db/queue-schema.ts), never on a request path.
    migrate: false,
    // Maintenance (expiring stuck jobs, archiving) runs in workers only; pg-boss's cron is not used
    // (scheduled jobs are throttled sends, lib/jobs/scheduler.ts).
    supervise: options.worker,
    // Jobs held by a worker that died come back when maintenance expires them: every 30 s rather
    // than pg-boss's 120 s, so a webhook waits at most its job's expiry plus 30 s.
    ...(options.worker ? { maintenanceIntervalSeconds: 30 } : {}),
    schedule: false,
  });
  // pg-boss reports background errors as events; an unhandled "error" event would end the process.
  boss.on("error", (error) => log.warn("queue.error", { message: error.message }));
  return boss;
}

/** The send-only queue handle of this process, started once. */
export function queue(): Promise<PgBoss> {
  globalForQueue.portalQueue ??= (async () => {
    const boss = newBoss({ worker: false });
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    globalForQueue.portalQueue = undefined;
    throw error;
  });
  return globalForQueue.portalQueue;
}

export async function closeQueue(): Promise<void> {
  const pending = globalForQueue.portalQueue;
  globalForQueue.portalQueue = undefined;
  const boss = await pending?.catch(() => undefined);
  await boss?.stop({ graceful: false, wait: true, close: false });
}
