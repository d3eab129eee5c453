import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { connectionCredentials } from "@/db/schema";
import { ReauthorizationRequired } from "@/lib/providers/errors";
import { deleteInstallation } from "@/lib/providers/pleo/api";
import { refreshTokens } from "@/lib/providers/pleo/token-endpoint";
import { openAccessToken, openRefreshToken, sealTokens } from "./credentials";
import { ACCESS_TOKEN_MARGIN_MS } from "./pleo-tokens";

/**
 * Tell Pleo to revoke the installation (DELETE /v1/installations/me) with the tokens a locally
 * revoked connection still holds for exactly this purpose. Resolves when Pleo has no live grant
 * left (also when the grant was already dead); throws ProviderUnavailable when Pleo cannot be reached.
 */
export async function revokePleoInstallation(connectionId: string): Promise<void> {
  const accessToken = await db().transaction(async (tx) => {
    const [cred] = await tx.select().from(connectionCredentials).where(eq(connectionCredentials.connectionId, connectionId)).for("update");
    if (!cred?.refreshToken) return undefined;
    if (cred.accessToken && cred.accessTokenExpiresAt && cred.accessTokenExpiresAt.getTime() - Date.now() > ACCESS_TOKEN_MARGIN_MS) {
      return openAccessToken(connectionId, cred.accessToken);
    }
    try {
      const tokens = await refreshTokens(openRefreshToken(connectionId, cred.refreshToken));
      // Store the rotated pair before anything else can fail: the old refresh token is dead now.
      await tx.update(connectionCredentials).set(sealTokens(connectionId, tokens)).where(eq(connectionCredentials.connectionId, connectionId));
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof ReauthorizationRequired) return undefined;
      throw error;
    }
  });
  if (accessToken) await deleteInstallation(accessToken);
}
