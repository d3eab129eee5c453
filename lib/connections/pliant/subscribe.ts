import "server-only";
import { env } from "@/lib/env";
import { CALLBACK_SUBSCRIPTION_PATH, SUBSCRIBED_CALLBACK_TYPES } from "@/lib/providers/pliant/config";
import { CALLBACK_SUBSCRIPTION } from "@/lib/providers/pliant/contract";
import { recordAudit, type AuditActor } from "../audit";
import { db } from "@/db/client";
import { pliantFetch } from "./token";

export function callbackUrl(): string {
  return `${env().APP_URL}/api/pliant/callbacks`;
}

/** Subscribe our callback URL at Pliant (idempotent there: POST again updates the subscription). */
export async function subscribePliantCallbacks(
  actor: AuditActor,
): Promise<{ ok: boolean; status: number; url: string }> {
  const url = callbackUrl();
  const response = await pliantFetch(CALLBACK_SUBSCRIPTION_PATH, {
    method: CALLBACK_SUBSCRIPTION.value.method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ callbackUrl: url, types: SUBSCRIBED_CALLBACK_TYPES }),
  });
  await response.body?.cancel();
  if (response.ok)
    await recordAudit(db(), {
      action: "pliant.callback_subscribed",
      actor,
      detail: { url, types: SUBSCRIBED_CALLBACK_TYPES },
    });
  return { ok: response.ok, status: response.status, url };
}
