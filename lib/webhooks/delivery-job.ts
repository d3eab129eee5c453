import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { SYSTEM, recordAudit } from "@/lib/connections/audit";
import { defineJob, enqueue } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { withEndpointSlot } from "./endpoint-slots";
import { postWebhook, type PostResult } from "./post";
import { DISABLE_AFTER_FAILING_MS, isRetryableStatus, nextDelaySeconds } from "./retry-schedule";
import { openEndpointSecret, signedHeaders } from "./signing";

type Attempt =
  { ok: true; result: PostResult } | { ok: false; result?: PostResult; error?: string; retryable: boolean };

async function attemptOnce(url: string, headers: Record<string, string>, body: string): Promise<Attempt> {
  try {
    const result = await postWebhook(url, headers, body);
    if (result.status >= 200 && result.status < 300) return { ok: true, result };
    return { ok: false, result, retryable: isRetryableStatus(result.status) };
  } catch (error) {
    // Refused addresses are retried too: DNS may point elsewhere later, and staff see the error.
    return {
      ok: false,
      error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "error",
      retryable: true,
    };
  }
}

/**
 * One attempt of one event to one endpoint, logged in webhook_deliveries. A retryable failure
 * queues the next attempt (same webhook-id) in the same transaction as the log row.
 */
export const webhookDeliveryJob = defineJob({
  name: "webhook-delivery",
  title: "Webhook deliveries",
  // The retry schedule is our own (retry-schedule.ts); these retries only cover a crashed attempt.
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  pollingIntervalSeconds: 0.5,
  // Up to 2 × 10 attempts at once per worker process, at most MAX_IN_FLIGHT_PER_ENDPOINT to one
  // endpoint (endpoint-slots.ts). One job per poll delivered 2–3 a second (BENCHMARKS.md).
  batchSize: 10,
  loops: 2,
  run: async ({ eventId, endpointId, attempt }) => {
    const [[event], [endpoint]] = await Promise.all([
      db().select().from(webhookEvents).where(eq(webhookEvents.id, eventId)),
      db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)),
    ]);
    if (!event || !endpoint) return "event or endpoint gone";
    if (endpoint.disabledAt) return "endpoint disabled";
    const secrets = [openEndpointSecret(endpoint.secret, endpoint.id, "secret")];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date())
      secrets.push(openEndpointSecret(endpoint.previousSecret, endpoint.id, "previous_secret"));
    const body = JSON.stringify(event.payload);
    // Signed when the slot is free, so a wait never ages the webhook-timestamp.
    const outcome = await withEndpointSlot(endpoint.id, () =>
      attemptOnce(endpoint.url, signedHeaders(event.id, new Date(), body, secrets), body),
    );
    const delay =
      outcome.ok || !outcome.retryable ? undefined : nextDelaySeconds(attempt, outcome.result?.retryAfterSeconds);
    let label: "delivered" | "retrying" | "failed" = outcome.ok
      ? "delivered"
      : delay !== undefined
        ? "retrying"
        : "failed";

    await db().transaction(async (tx) => {
      if (outcome.ok) {
        // Only a failing endpoint's row is written: parallel successes do not queue on its row lock.
        await tx
          .update(webhookEndpoints)
          .set({ failingSince: null })
          .where(and(eq(webhookEndpoints.id, endpointId), isNotNull(webhookEndpoints.failingSince)));
      } else {
        const [row] = await tx
          .update(webhookEndpoints)
          .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())` })
          .where(eq(webhookEndpoints.id, endpointId))
          .returning({ failingSince: webhookEndpoints.failingSince, disabledAt: webhookEndpoints.disabledAt });
        if (
          row?.failingSince &&
          !row.disabledAt &&
          Date.now() - row.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS
        ) {
          const reason = `Failing since ${row.failingSince.toISOString()}: disabled after 3 days`;
          await tx
            .update(webhookEndpoints)
            .set({ disabledAt: new Date(), disabledReason: reason })
            .where(eq(webhookEndpoints.id, endpointId));
          await recordAudit(tx, { action: "webhook.endpoint_disabled", actor: SYSTEM, detail: { endpointId, reason } });
          log.warn("webhook.endpoint_disabled", { endpointId, failingSince: row.failingSince.toISOString() });
          // No next attempt: the log says so (Resend or Enable sends it again).
          label = "failed";
        } else if (delay !== undefined) {
          await enqueue("webhook-delivery", { eventId, endpointId, attempt: attempt + 1 }, { tx, delaySeconds: delay });
        }
      }
      await tx.insert(webhookDeliveries).values({
        eventId,
        endpointId,
        attempt,
        outcome: label,
        status: outcome.result?.status ?? null,
        latencyMs: outcome.result?.latencyMs ?? null,
        responseExcerpt: outcome.result?.excerpt ?? null,
        error: outcome.ok ? null : (outcome.error ?? null),
      });
    });
    return `${label} (attempt ${attempt}${outcome.result ? `, HTTP ${outcome.result.status}` : ""})`;
  },
});
