import "server-only";
import type { WebhookEventType } from "./event-types";

export type ConnectionEventNotice = { id: string; type: WebhookEventType; connectionId: string | null; payload: Record<string, unknown> };

/**
 * Hook point for other channels of the same outbox event (the integrator adds emails here):
 * called once per event by the dispatcher job, after the webhook deliveries are queued. It runs on
 * the job queue, so it may be slow or throw (the dispatch is then retried; deliveries may repeat).
 */
export function notifyConnectionEvent(event: ConnectionEventNotice): Promise<void> {
  void event;
  return Promise.resolve();
}
