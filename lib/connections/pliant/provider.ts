import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { providerTokens } from "@/db/schema";
import { env } from "@/lib/env";
import { PROVIDER_LABELS } from "@/lib/providers/names";
import { pliantApiRequest } from "@/lib/providers/pliant/api";
import { deactivatePliantAuthorization } from "./remote-revoke";
import { pliantOrganizationFetch } from "./reconcile";
import { ORGANIZATIONS_PATH } from "@/lib/providers/pliant/config";
import { getPliantAccessToken, renewPliantAccessToken } from "./token";
import type { ConnectionProvider, ProxyTarget } from "../types";

/**
 * Keep a call inside one organization. The partner token reaches every authorized organization,
 * so the proxy must: `organizationId` in the query must be this one (it is added when absent),
 * `/organizations/{id}` must name this one, and the list of all organizations is refused.
 * (assumed) Other ids in paths (cards, transactions) are checked by Pliant against the partner's
 * organizations, not against this one; that is the one gap the proxy cannot close without a
 * per-entity lookup.
 */
export function scopeToOrganization(organizationId: string, target: ProxyTarget): ProxyTarget | { refused: string } {
  const segments = target.path.split("/");
  if (segments[0]?.toLowerCase() === ORGANIZATIONS_PATH) {
    if (segments.length === 1 || segments[1] === "")
      return { refused: "The list of all organizations is not available through a connection" };
    if (segments[1]!.toLowerCase() !== organizationId.toLowerCase())
      return { refused: "The path names another organization" };
  }
  const query = new URLSearchParams();
  let named = false;
  for (const [k, v] of target.query) {
    if (k.toLowerCase() === "organizationid") {
      if (named || v.toLowerCase() !== organizationId.toLowerCase())
        return { refused: "The query names another organization" };
      named = true;
    }
    query.append(k, v);
  }
  if (!named && segments[0]?.toLowerCase() !== ORGANIZATIONS_PATH) query.set("organizationId", organizationId);
  return { path: target.path, query };
}

/** Pliant's web app, where a customer starts a Pliant connection. */
export function pliantAppUrl(): string {
  return env().PLIANT_APP_URL[0]!;
}

const integrationsUrl = (organizationId: string) =>
  `${pliantAppUrl()}/organizations/${encodeURIComponent(organizationId)}/integrations`;

/** Pliant: one partner token shared by all connections; the organization id scopes each call. */
export const pliantProvider: ConnectionProvider = {
  name: "pliant",
  label: PROVIDER_LABELS.pliant,
  externalIdLabelKey: "organizationId",
  tokens: "shared",
  // Pliant connections start in Pliant: the organization's integrations page there.
  reconnectHref: (c) => integrationsUrl(c.externalId),
  reconnectUrl: (c) => integrationsUrl(c.externalId),
  apiBaseUrl: () => env().PLIANT_API_URL,
  async issueAccessToken(c) {
    const accessToken = await getPliantAccessToken();
    const [row] = await db()
      .select({ expiresAt: providerTokens.expiresAt })
      .from(providerTokens)
      .where(eq(providerTokens.provider, "pliant"));
    return { accessToken, expiresAt: row?.expiresAt ?? null, organizationId: c.externalId };
  },
  async authorizedFetch(_c, pathAndQuery, init) {
    const token = await getPliantAccessToken();
    const response = await pliantApiRequest(token, pathAndQuery, init());
    if (response.status !== 401) return response;
    await response.body?.cancel();
    const renewed = await renewPliantAccessToken(token);
    return pliantApiRequest(renewed, pathAndQuery, init());
  },
  scopeProxyTarget: (c, target) => scopeToOrganization(c.externalId, target),
  // A 401/403 on the organization marks the connection revoked (reconcile.ts).
  probe: (c) => pliantOrganizationFetch(c.externalId, `organizations/${encodeURIComponent(c.externalId)}`),
  revokeRemotely: (c) => deactivatePliantAuthorization(c.externalId),
};
