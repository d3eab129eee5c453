import "server-only";
import { pool } from "@/db/client";
import { QUEUE_SCHEMA } from "@/db/queue-schema";

/** Jobs waiting or running per queue: one grouped scan of pg-boss's live job table. */
export async function queueDepths(): Promise<Map<string, { waiting: number; active: number }>> {
  const { rows } = await pool().query<{ name: string; waiting: string; active: string }>(
    `select name, count(*) filter (where state in ('created', 'retry')) as waiting, count(*) filter (where state = 'active') as active
       from ${QUEUE_SCHEMA}.job where state < 'completed' and name not like '\\_\\_pgboss%' group by name`,
  );
  return new Map(rows.map((r) => [r.name, { waiting: Number(r.waiting), active: Number(r.active) }]));
}
