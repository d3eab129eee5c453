import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookDeliveries, webhookEvents } from "@/db/schema";

export type ConnectionEventRow = { id: string; type: string; createdAt: Date; delivered: number; attempts: number };

/** The webhook events of one connection, newest first, with delivery counts. The caller has checked access. */
export async function listConnectionEvents(connectionId: string, limit = 10): Promise<ConnectionEventRow[]> {
  return db()
    .select({
      id: webhookEvents.id,
      type: webhookEvents.type,
      createdAt: webhookEvents.createdAt,
      delivered: sql<number>`(select count(*)::int from ${webhookDeliveries} d where d.event_id = "webhook_events"."id" and d.outcome = 'delivered')`,
      attempts: sql<number>`(select count(*)::int from ${webhookDeliveries} d where d.event_id = "webhook_events"."id")`,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.connectionId, connectionId))
    .orderBy(desc(webhookEvents.createdAt))
    .limit(limit);
}
