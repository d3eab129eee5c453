import "server-only";
import { randomBytes } from "node:crypto";
import type { Transaction } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { enqueue } from "@/lib/jobs/registry";
import { loadConnectionJson } from "@/lib/api/connection-json";
import type { RevokedBy, WebhookEventType } from "./event-types";

/** A Standard Webhooks message id: `msg_` and 24 random bytes, base64url. Also our event id. */
export function newMessageId(): string {
  return `msg_${randomBytes(24).toString("base64url")}`;
}

export type ConnectionEventDetail = { revokedBy?: RevokedBy; reason?: string };

/**
 * The outbox: called inside the transaction that changes the connection. The event row and the job
 * that dispatches it are inserted in that transaction, so they exist exactly when the change does.
 */
export async function recordConnectionEvent(
  tx: Transaction,
  type: WebhookEventType,
  connectionId: string,
  detail: ConnectionEventDetail = {},
): Promise<string> {
  // The same shape (and function) as GET /api/v1/connections/{id}.
  const connection = await loadConnectionJson(tx, connectionId);
  if (!connection) throw new Error(`recordConnectionEvent: connection ${connectionId} not found`);
  const id = newMessageId();
  const createdAt = new Date();
  const payload = { type, timestamp: createdAt.toISOString(), data: { connection, ...detail } };
  await tx.insert(webhookEvents).values({ id, type, connectionId, payload, createdAt });
  await enqueue("webhook-dispatch", { eventId: id }, { tx });
  return id;
}
