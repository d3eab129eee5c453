import "server-only";
import { env } from "@/lib/env";
import { PROVIDER_LABELS } from "@/lib/providers/names";
import { pleoApiRequest } from "@/lib/providers/pleo/api";
import { openAccessToken, readAccessToken } from "../credentials";
import { revokePleoInstallation } from "./remote-revoke";
import { ACCESS_TOKEN_MARGIN_MS, getPleoAccessToken, pleoFetch, refreshPleoAccessToken } from "./tokens";
import type { ConnectionProvider, ConnectionRef } from "../types";

const reconnectPath = (c: Pick<ConnectionRef, "id">) => `/connect/pleo?connection=${c.id}`;

/** The access token the caller read with the connection, when it is still fresh (else undefined). */
function freshStored(c: ConnectionRef): { accessToken: string; expiresAt: Date } | undefined {
  const stored = c.storedAccessToken;
  if (!stored?.sealed || !stored.expiresAt || stored.expiresAt.getTime() - Date.now() <= ACCESS_TOKEN_MARGIN_MS)
    return undefined;
  return { accessToken: openAccessToken(c.id, stored.sealed), expiresAt: stored.expiresAt };
}

/** Pleo: one OAuth grant per company; tokens per connection, refreshed by the token manager. */
export const pleoProvider: ConnectionProvider = {
  name: "pleo",
  label: PROVIDER_LABELS.pleo,
  externalIdLabelKey: "companyId",
  tokens: "per-connection",
  // A new authorize flow bound to this connection.
  reconnectHref: (c) => reconnectPath(c),
  reconnectUrl: (c) => `${env().APP_URL}${reconnectPath(c)}`,
  apiBaseUrl: () => env().PLEO_API_URL,
  async issueAccessToken(c) {
    const stored = freshStored(c);
    if (stored) return stored;
    // Hot path as in getPleoAccessToken (one primary-key read), keeping the expiry it reads.
    const row = await readAccessToken(c.id);
    if (
      row?.access_token &&
      row.access_token_expires_at &&
      row.access_token_expires_at.getTime() - Date.now() > ACCESS_TOKEN_MARGIN_MS
    ) {
      return { accessToken: openAccessToken(c.id, row.access_token), expiresAt: row.access_token_expires_at };
    }
    const accessToken = await getPleoAccessToken(c.id);
    return { accessToken, expiresAt: (await readAccessToken(c.id))?.access_token_expires_at ?? null };
  },
  async authorizedFetch(c, pathAndQuery, init) {
    const token = freshStored(c)?.accessToken ?? (await getPleoAccessToken(c.id));
    const response = await pleoApiRequest(token, pathAndQuery, init());
    if (response.status !== 401) return response;
    await response.body?.cancel();
    const renewed = await refreshPleoAccessToken(c.id, token);
    return pleoApiRequest(renewed, pathAndQuery, init());
  },
  // Pleo scopes every token to the company that granted it: nothing to add or refuse.
  scopeProxyTarget: (_c, target) => target,
  probe: (c) => pleoFetch(c.id, "v1/introspect"),
  revokeRemotely: (c, tx) => revokePleoInstallation(c.id, tx),
};
