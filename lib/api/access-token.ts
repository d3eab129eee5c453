import "server-only";
import type { ApiPrincipal } from "@/lib/api-keys/verify";
import { recordAuditNow } from "@/lib/connections/audit";
import { providerFor } from "@/lib/connections/registry";
import { findConnectionForUse } from "./connections";
import { json, problem } from "./problem";
import { connectionUnusable, providerProblem } from "./provider-errors";

/** The audit actor for calls made with an API key: its name and prefix, never the secret. */
export const keyActor = (key: ApiPrincipal) => ({ label: `api-key ${key.name} (pcp_live_${key.prefix}…)` });

/** POST /api/v1/connections/{id}/access-token: a valid token for the connection, audited with the key. */
export async function issueAccessToken(key: ApiPrincipal, connectionId: string): Promise<Response> {
  const connection = await findConnectionForUse(key, connectionId);
  if (!connection) return problem("not-found", { detail: "No such connection" });
  const provider = providerFor(connection.provider);
  if (connection.status !== "active") return connectionUnusable(connection, provider);
  let issued;
  try {
    issued = await provider.issueAccessToken(connection);
  } catch (error) {
    return providerProblem(error, connection, provider);
  }
  await recordAuditNow({
    action: "token.issued_via_api",
    actor: keyActor(key),
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    detail: { apiKeyId: key.keyId, apiKeyPrefix: key.prefix, expiresAt: issued.expiresAt?.toISOString() ?? null },
  });
  return json({
    accessToken: issued.accessToken,
    tokenType: "Bearer",
    expiresAt: issued.expiresAt?.toISOString() ?? null,
    provider: provider.name,
    ...(issued.organizationId ? { organizationId: issued.organizationId } : {}),
    apiBaseUrl: provider.apiBaseUrl(),
  });
}
