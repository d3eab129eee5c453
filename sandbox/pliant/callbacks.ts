import { randomUUID, sign } from "node:crypto";
import type { SigningKey } from "./signing";

/** Callback types the sandbox sends when its web app's authorization flow runs. */
export type CallbackType = "AUTHORIZATION_PENDING" | "AUTHORIZATION_GRANTED";

/** The partner's subscribed callback URL (POST /api/subscriptions/authorization), one per sandbox. */
export class CallbackSubscription {
  url: string | undefined;
  types = new Set<string>();
  /** Every callback sent, newest last (control: GET /__sandbox/callbacks). */
  sent: { webhookId: string; type: CallbackType; organizationId: string; status: number | null }[] = [];
  /** The signed request of each sent callback, by webhook-id: replayed as is (control: POST /__sandbox/callbacks/replay). */
  requests = new Map<string, { headers: Record<string, string>; body: string }>();
}

/**
 * Send a callback's signed request again: as is (Pliant's at-least-once delivery), or tampered (the
 * body's organizationId changed, the signature kept). Returns the receiver's answer.
 */
export async function replayCallback(
  subscription: CallbackSubscription,
  webhookId: string,
  tamper: boolean,
): Promise<{ status: number; body: string } | undefined> {
  const request = subscription.requests.get(webhookId);
  if (!request || !subscription.url) return undefined;
  const body = tamper
    ? JSON.stringify({
        ...(JSON.parse(request.body) as object),
        organizationId: "00000000-0000-4000-8000-000000000000",
      })
    : request.body;
  const headers = tamper
    ? { ...request.headers, "x-organization-id": "00000000-0000-4000-8000-000000000000" }
    : request.headers;
  const response = await fetch(subscription.url, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * POST one signed callback: Standard-Webhooks-style headers, Ed25519 `v1a` over
 * `<webhook-id>.<webhook-timestamp>.<raw body>`, plus Pliant's X-* headers. At least once: a failed
 * send is retried twice, a second apart, with the same ids.
 */
export function sendCallback(
  subscription: CallbackSubscription,
  key: SigningKey,
  type: CallbackType,
  organizationId: string,
  nowSec: number,
): void {
  const url = subscription.url;
  if (!url || !subscription.types.has(type)) return;
  const webhookId = `msg_${randomUUID().replace(/-/g, "")}`;
  const callbackId = randomUUID();
  const createdAt = new Date(nowSec * 1000).toISOString();
  const body = JSON.stringify({ type, organizationId, createdAt });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(`${webhookId}.${timestamp}.${body}`, "utf8"), key.privateKey).toString(
    "base64",
  );
  const record: (typeof subscription.sent)[number] = { webhookId, type, organizationId, status: null };
  subscription.sent.push(record);
  const headers = {
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1a,${signature}`,
    "x-callback-id": callbackId,
    "x-organization-id": organizationId,
    "x-callback-created-at": createdAt,
  };
  subscription.requests.set(webhookId, { headers, body });
  const attempt = async (left: number): Promise<void> => {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      record.status = response.status;
      if (response.ok || left === 0) return;
    } catch {
      if (left === 0) return;
    }
    await new Promise((r) => setTimeout(r, 1000));
    return attempt(left - 1);
  };
  void attempt(2);
}
