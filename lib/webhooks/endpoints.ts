import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/connections/audit";
import { enqueue } from "@/lib/jobs/registry";
import { EndpointRefused, checkEndpointUrl, resolveAllowedAddress } from "./address-policy";
import { WEBHOOK_EVENT_TYPES } from "./event-types";
import { newEndpointSecret, openEndpointSecret, sealEndpointSecret } from "./signing";

/** Old and new secret both sign this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export const endpointInput = z.strictObject({
  url: z.string().trim().min(1, "Enter the URL.").max(2000),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length).default([]),
  description: z.string().trim().max(200).optional(),
});

/** Add an endpoint; the secret is returned once and stored sealed only. Throws EndpointRefused on bad input. */
export async function addEndpoint(
  input: z.input<typeof endpointInput>,
  actor: AuditActor,
): Promise<{ id: string; secret: string }> {
  const parsed = endpointInput.safeParse(input);
  if (!parsed.success) throw new EndpointRefused(parsed.error.issues[0]?.message ?? "Invalid endpoint.");
  const url = checkEndpointUrl(parsed.data.url);
  await resolveAllowedAddress(url.hostname).catch((error: unknown) => {
    throw error instanceof EndpointRefused ? error : new EndpointRefused("The host name does not resolve.");
  });
  const id = randomUUID();
  const secret = newEndpointSecret();
  await db().transaction(async (tx) => {
    await tx.insert(webhookEndpoints).values({
      id,
      url: url.href,
      events: parsed.data.events,
      description: parsed.data.description || null,
      secret: sealEndpointSecret(secret, id, "secret"),
    });
    await recordAudit(tx, {
      action: "webhook.endpoint_added",
      actor,
      detail: { endpointId: id, url: url.origin, events: parsed.data.events },
    });
  });
  return { id, secret };
}

/** New secret; the old one keeps signing for 24 h so the receiver can switch without losing a message. */
export async function rotateEndpointSecret(endpointId: string, actor: AuditActor): Promise<string | undefined> {
  const secret = newEndpointSecret();
  return db().transaction(async (tx) => {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).for("update");
    if (!row) return undefined;
    const current = openEndpointSecret(row.secret, row.id, "secret");
    await tx
      .update(webhookEndpoints)
      .set({
        secret: sealEndpointSecret(secret, row.id, "secret"),
        previousSecret: sealEndpointSecret(current, row.id, "previous_secret"),
        previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
      })
      .where(eq(webhookEndpoints.id, row.id));
    await recordAudit(tx, { action: "webhook.secret_rotated", actor, detail: { endpointId: row.id } });
    return secret;
  });
}

export async function setEndpointEnabled(
  endpointId: string,
  enabled: boolean,
  actor: AuditActor,
  reason?: string,
): Promise<boolean> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set(
        enabled
          ? { disabledAt: null, disabledReason: null, failingSince: null }
          : { disabledAt: new Date(), disabledReason: reason ?? `Disabled by ${actor.label}` },
      )
      .where(eq(webhookEndpoints.id, endpointId))
      .returning({ id: webhookEndpoints.id });
    if (!row) return false;
    await recordAudit(tx, {
      action: enabled ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled",
      actor,
      detail: { endpointId, reason: reason ?? null },
    });
    return true;
  });
}

/** Send an event to an endpoint again, now, with the same webhook-id; the attempt count goes on. */
export async function resendDelivery(eventId: string, endpointId: string): Promise<void> {
  const [last] = await db()
    .select({ attempt: sql<number>`max(${webhookDeliveries.attempt})` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, eventId), eq(webhookDeliveries.endpointId, endpointId)));
  await enqueue("webhook-delivery", { eventId, endpointId, attempt: Number(last?.attempt ?? 0) + 1 });
}

export async function listEndpoints() {
  return db()
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      events: webhookEndpoints.events,
      description: webhookEndpoints.description,
      disabledAt: webhookEndpoints.disabledAt,
      disabledReason: webhookEndpoints.disabledReason,
      failingSince: webhookEndpoints.failingSince,
      rotatingUntil: webhookEndpoints.previousSecretExpiresAt,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .orderBy(webhookEndpoints.createdAt);
}

export async function listDisabledByFailure() {
  return db()
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, disabledReason: webhookEndpoints.disabledReason })
    .from(webhookEndpoints)
    .where(and(isNotNull(webhookEndpoints.disabledAt), sql`${webhookEndpoints.disabledReason} like 'Failing%'`));
}

export async function listDeliveries(endpointId: string, limit = 50) {
  return db()
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}
