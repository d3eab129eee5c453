/** The outgoing webhook event types (Standard Webhooks `type`). Plain data: pages import it too. */
export const WEBHOOK_EVENT_TYPES = [
  "connection.created",
  "connection.reconnected",
  "connection.needs_reauth",
  "connection.revoked",
  "connection.error",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Who revoked a connection: the customer in the portal, the customer at the provider, or staff. */
export type RevokedBy = "customer" | "customer_at_provider" | "staff";

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
