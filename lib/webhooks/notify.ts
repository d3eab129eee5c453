import "server-only";
import { queueConnectionNotice } from "@/lib/mail/connection-emails";
import type { WebhookEventType } from "./event-types";

export type ConnectionEventNotice = {
  id: string;
  type: WebhookEventType;
  connectionId: string | null;
  payload: Record<string, unknown>;
};

/** The events that ask the workspace's admins to act (a revocation only when done at the provider). */
function asksCustomerToAct(event: ConnectionEventNotice): boolean {
  if (event.type === "connection.needs_reauth" || event.type === "connection.error") return true;
  const data = event.payload.data as { revokedBy?: string } | undefined;
  return event.type === "connection.revoked" && data?.revokedBy === "customer_at_provider";
}

/**
 * Other channels of the same outbox event: called once per event by the dispatcher job, after the
 * webhook deliveries are queued. It runs on the job queue, so it may be slow or throw (the dispatch
 * is then retried; deliveries may repeat). Emails are claimed per event and admin, so a retry
 * queues none twice (lib/mail/connection-emails.ts).
 */
export async function notifyConnectionEvent(event: ConnectionEventNotice): Promise<void> {
  if (!event.connectionId || !asksCustomerToAct(event)) return;
  await queueConnectionNotice(event.id, event.connectionId);
}
