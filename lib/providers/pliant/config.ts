import "server-only";
import { env, isLoopbackUrl } from "@/lib/env";
import { ProviderNotConfigured } from "../errors";

/** Every Pliant HTTP call gives up after this long; a hung provider must not hang a request. */
export const PLIANT_TIMEOUT_MS = 10_000;

/** Sent on every API call; Pliant versions its partner API by header. */
export const PLIANT_API_VERSION = "2.1.0";

/** Ed25519 keys that sign the partner redirect (`v1a`). */
export const SIGNING_JWKS_PATH = "partner-management/signing/jwks.json";

/** (assumed) Activate Organization Authorization: not public; confirm with Pliant, then edit here only. */
export const ACTIVATE_AUTHORIZATION_PATH = "partner-management/organizations/{organizationId}/authorization/activate";

/** (assumed) Deactivate Organization Authorization: not public; confirm with Pliant, then edit here only. */
export const DEACTIVATE_AUTHORIZATION_PATH = "partner-management/organizations/{organizationId}/authorization/deactivate";

/**
 * (assumed) Subscribe a callback URL to the authorization callbacks. Pliant documents "subscriptions
 * via API" and `GET api/subscriptions`, but not the POST path for these types: confirm with Pliant,
 * then edit here only. Body: { callbackUrl, types }.
 */
export const CALLBACK_SUBSCRIPTION_PATH = "subscriptions/authorization";

/** The callback types this portal subscribes to. */
export const SUBSCRIBED_CALLBACK_TYPES = ["AUTHORIZATION_PENDING", "AUTHORIZATION_GRANTED"] as const;

export function authorizationPath(template: string, organizationId: string): string {
  return template.replace("{organizationId}", encodeURIComponent(organizationId));
}

export type PliantClient = { tokenUrl: string; apiUrl: string; clientId: string; clientSecret: string; audience: string };

export function pliantClient(): PliantClient {
  const e = env();
  if (!e.PLIANT_CLIENT_ID || !e.PLIANT_CLIENT_SECRET) throw new ProviderNotConfigured("pliant");
  return { tokenUrl: e.PLIANT_TOKEN_URL, apiUrl: e.PLIANT_API_URL, clientId: e.PLIANT_CLIENT_ID, clientSecret: e.PLIANT_CLIENT_SECRET, audience: e.PLIANT_AUDIENCE };
}

/** Pliant allows HTTPS only; plain http is accepted for the loopback sandbox. */
export function assertSecureUrl(url: URL): void {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url.href))) throw new Error("Pliant calls require https");
}
