import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { openSecret, sealSecret } from "@/lib/vault";

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (the Standard Webhooks form). */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export const sealEndpointSecret = (secret: string, endpointId: string, column: "secret" | "previous_secret") =>
  sealSecret(secret, { table: "webhook_endpoints", column, rowId: endpointId });

export const openEndpointSecret = (sealed: string, endpointId: string, column: "secret" | "previous_secret") =>
  openSecret(sealed, { table: "webhook_endpoints", column, rowId: endpointId });

/**
 * Standard Webhooks headers for one attempt. During a rotation both secrets sign: the
 * `webhook-signature` header carries both `v1,` signatures, space-separated.
 */
export function signedHeaders(msgId: string, at: Date, body: string, secrets: string[]): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret.replace(/^whsec_/, "")).sign(msgId, at, body));
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
