import type { connectionStatus } from "@/db/schema";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/providers/names";

// Both lists are the schema's enums (db/schema.ts), not restated here.
export type { ProviderName };
export type ConnectionStatus = (typeof connectionStatus.enumValues)[number];

/** What pages see of a connection: plain data, never a token. */
export type ConnectionDto = {
  id: string;
  workspaceId: string;
  workspaceName: string;
  provider: ProviderName;
  externalId: string;
  externalUrn: string | null;
  externalName: string | null;
  status: ConnectionStatus;
  statusReason: string | null;
  scopes: string[];
  connectedByEmail: string | null;
  connectedAt: Date | null;
  lastRefreshAt: Date | null;
  lastRefreshOutcome: string | null;
  remoteRevocationPending: boolean;
  /** Why the provider side of the revocation last failed; null when it did not (or succeeded). */
  remoteRevocationError: string | null;
  /** Token health without the tokens: expiry of the access token, age of the refresh token. */
  accessTokenExpiresAt: Date | null;
  refreshTokenIssuedAt: Date | null;
  hasTokens: boolean;
};

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  active: "Active",
  pending: "Pending",
  needs_reauth: "Needs re-authorization",
  revoked: "Revoked",
  error: "Error",
};

export { PROVIDER_LABELS };
