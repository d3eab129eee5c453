import "server-only";
import { eq, isNull, sql, and, or } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookEndpoints, webhookEvents } from "@/db/schema";
import { defineJob, enqueue } from "@/lib/jobs/registry";
import type { WebhookEventType } from "./event-types";
import { notifyConnectionEvent } from "./notify";

/** Fan one outbox event out: one delivery job per subscribed, enabled endpoint, queued together. */
export const webhookDispatchJob = defineJob({
  name: "webhook-dispatch",
  title: "Webhook dispatch (outbox → deliveries)",
  retry: { limit: 10, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  pollingIntervalSeconds: 0.5,
  // Ten events per fetch, fanned out in parallel: a burst must not queue behind one event per poll.
  batchSize: 10,
  run: async ({ eventId }) => {
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
    if (!event) return "event gone";
    const count = await db().transaction(async (tx) => {
      const endpoints = await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(
          and(
            isNull(webhookEndpoints.disabledAt),
            or(sql`cardinality(${webhookEndpoints.events}) = 0`, sql`${event.type} = any(${webhookEndpoints.events})`),
          ),
        );
      for (const endpoint of endpoints)
        await enqueue("webhook-delivery", { eventId, endpointId: endpoint.id, attempt: 1 }, { tx });
      return endpoints.length;
    });
    await notifyConnectionEvent({
      id: event.id,
      type: event.type as WebhookEventType,
      connectionId: event.connectionId,
      payload: event.payload,
    });
    return `${count} deliveries queued`;
  },
});
