import "server-only";
import { env, isLoopbackUrl } from "@/lib/env";
import { ProviderNotConfigured } from "../errors";
import {
  ACTIVATE_AUTHORIZATION,
  API_VERSION,
  CALLBACK_SUBSCRIPTION,
  DEACTIVATE_AUTHORIZATION,
  ORGANIZATIONS,
  SIGNING_JWKS,
} from "./contract";

/** Every Pliant HTTP call gives up after this long; a hung provider must not hang a request. */
export const PLIANT_TIMEOUT_MS = 10_000;

/**
 * How far a signed redirect's `t` may be from our clock, either way. Our setting: Pliant asks
 * partners to "validate timestamp tolerance" without naming a number.
 */
export const REDIRECT_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/** Sent on every API call; Pliant versions its partner API by header (contract.ts API_VERSION). */
export const PLIANT_API_VERSION_HEADER = API_VERSION.value.header;
export const PLIANT_API_VERSION = API_VERSION.value.version;

/** Ed25519 keys that sign the partner redirect (`v1a`). */
export const SIGNING_JWKS_PATH = SIGNING_JWKS.value;

/** Activate Organization Authorization (published, see contract.ts). */
export const ACTIVATE_AUTHORIZATION_PATH = ACTIVATE_AUTHORIZATION.value.path;

/** Deactivate Organization Authorization (assumed by symmetry, see contract.ts). */
export const DEACTIVATE_AUTHORIZATION_PATH = DEACTIVATE_AUTHORIZATION.value.path;

/** (assumed, contract.ts CALLBACK_SUBSCRIPTION) Subscribe a callback URL; body { callbackUrl, types }. */
export const CALLBACK_SUBSCRIPTION_PATH = CALLBACK_SUBSCRIPTION.value.path;

/** The callback types this portal subscribes to. */
export const SUBSCRIBED_CALLBACK_TYPES = CALLBACK_SUBSCRIPTION.value.types;

/** GET organizations (one page) and GET organizations/{organizationId} (contract.ts ORGANIZATIONS). */
export const ORGANIZATIONS_PATH = ORGANIZATIONS.value.list;
export const organizationsPagePath = (limit: number, page: number) =>
  `${ORGANIZATIONS.value.list}?${new URLSearchParams({ [ORGANIZATIONS.value.pageSize]: String(limit), [ORGANIZATIONS.value.page]: String(page) })}`;
export const organizationPath = (organizationId: string) => authorizationPath(ORGANIZATIONS.value.one, organizationId);

export function authorizationPath(template: string, organizationId: string): string {
  return template.replace("{organizationId}", encodeURIComponent(organizationId));
}

export type PliantClient = {
  tokenUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  audience: string;
};

export function pliantClient(): PliantClient {
  const e = env();
  if (!e.PLIANT_CLIENT_ID || !e.PLIANT_CLIENT_SECRET) throw new ProviderNotConfigured("pliant");
  return {
    tokenUrl: e.PLIANT_TOKEN_URL,
    apiUrl: e.PLIANT_API_URL,
    clientId: e.PLIANT_CLIENT_ID,
    clientSecret: e.PLIANT_CLIENT_SECRET,
    audience: e.PLIANT_AUDIENCE,
  };
}

/** Pliant allows HTTPS only; plain http is accepted for the loopback sandbox. */
export function assertSecureUrl(url: URL): void {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url.href)))
    throw new Error("Pliant calls require https");
}
