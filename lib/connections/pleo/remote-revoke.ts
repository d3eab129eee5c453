import "server-only";
import type { Transaction } from "@/db/client";
import { deleteInstallation } from "@/lib/providers/pleo/api";
import { rotateForRevocation } from "./tokens";

/**
 * Tell Pleo to revoke the installation (DELETE /v1/installations/me) with the tokens a locally
 * revoked connection still holds for exactly this purpose. Resolves when Pleo has no live grant
 * left (also when the grant was already dead); throws ProviderUnavailable when Pleo cannot be reached.
 */
export async function revokePleoInstallation(connectionId: string, tx: Transaction): Promise<void> {
  // The caller holds the connection's lock; the rotation (tokens.ts, the one rotation path)
  // commits the rotated refresh token even when the DELETE fails, for the next try.
  const accessToken = await rotateForRevocation(tx, connectionId);
  if (accessToken) await deleteInstallation(accessToken);
}
