import "server-only";
import { ProviderProtocolError, ProviderUnavailable, isTransientStatus } from "@/lib/providers/errors";
import { DEACTIVATE_AUTHORIZATION_PATH, authorizationPath } from "@/lib/providers/pliant/config";
import { pliantFetch } from "./pliant-token";

/**
 * Deactivate Organization Authorization: Pliant stops giving us the organization's data.
 * Resolves when Pliant holds no authorization for us (also when it was already gone); throws
 * ProviderUnavailable when it should be tried again later (revoke.ts leaves it to the sweep).
 */
export async function deactivatePliantAuthorization(organizationId: string): Promise<void> {
  const response = await pliantFetch(authorizationPath(DEACTIVATE_AUTHORIZATION_PATH, organizationId), { method: "POST" });
  await response.body?.cancel();
  // 403/404: the customer already revoked it in Pliant, or it is gone: what we asked for.
  if (response.ok || response.status === 403 || response.status === 404) return;
  if (isTransientStatus(response.status)) throw new ProviderUnavailable("pliant", `deactivate ${response.status}`);
  throw new ProviderProtocolError("pliant", `deactivate answered ${response.status}`);
}
