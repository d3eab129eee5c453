import type { Transaction } from "@/db/client";
import type { ProviderName } from "./read/dto";

/** What a provider needs to know about one connection. */
export type ConnectionRef = {
  id: string;
  provider: ProviderName;
  externalId: string;
  workspaceId: string;
  /**
   * The stored (sealed) access token and its expiry when the caller read them with the connection
   * (the partner API: one query for both). Per-connection providers use it when it is still fresh
   * instead of reading it again; absent or stale, they read and refresh as usual.
   */
  storedAccessToken?: { sealed: string | null; expiresAt: Date | null };
};

export type IssuedAccessToken = {
  accessToken: string;
  expiresAt: Date | null;
  /** For shared tokens: the account the caller must name in its calls (Pliant's organizationId). */
  organizationId?: string;
};

/** A proxied call's target inside the provider's API: a checked relative path and its query. */
export type ProxyTarget = { path: string; query: URLSearchParams };

/**
 * One provider, as code outside its folder sees it (issue #12). The partner API asks the registry
 * for these instead of naming providers.
 */
export interface ConnectionProvider {
  readonly name: ProviderName;
  readonly label: string;
  /** The catalog key (namespace `connection`) of what the external id is called: "Company id", "Organization id". */
  readonly externalIdLabelKey: "companyId" | "organizationId";
  /**
   * "per-connection": each connection has its own grant and token timing (shown, refreshed);
   * "shared": one partner token serves every connection, so a connection has none of its own.
   */
  readonly tokens: "per-connection" | "shared";
  /** Where Reconnect goes from the portal's pages: a path on this portal or the provider's own page. */
  reconnectHref(connection: Pick<ConnectionRef, "id" | "externalId">): string;
  /** Absolute URL where the customer re-authorizes this connection (for API callers). */
  reconnectUrl(connection: Pick<ConnectionRef, "id" | "externalId">): string;
  /** The configured API base (origin and path) that proxied calls may reach, without a trailing slash. */
  apiBaseUrl(): string;
  /** A valid access token for the connection (refreshing once if needed). */
  issueAccessToken(connection: ConnectionRef): Promise<IssuedAccessToken>;
  /**
   * One API call for the connection with its credentials. A 401 renews the token once and retries
   * once; `init` is called per attempt so a request body can be given again.
   */
  authorizedFetch(connection: ConnectionRef, pathAndQuery: string, init: () => RequestInit): Promise<Response>;
  /**
   * Keep a proxied call inside the connection's account: returns the target to call (possibly with
   * the account added) or a refusal in words.
   */
  scopeProxyTarget(connection: ConnectionRef, target: ProxyTarget): ProxyTarget | { refused: string };
  /** The cheap read Test connection makes: does the provider still accept this connection? */
  probe(connection: ConnectionRef): Promise<Response>;
  /**
   * Tell the provider that access is withdrawn. Runs inside the caller's transaction, which holds
   * the connection's row lock (revoke.ts); database work goes through `tx`, which commits even when
   * the provider call throws. Resolves when the provider holds no live access for the connection;
   * throws ProviderUnavailable when it should be tried again later.
   */
  revokeRemotely(connection: Pick<ConnectionRef, "id" | "externalId">, tx: Transaction): Promise<void>;
}
