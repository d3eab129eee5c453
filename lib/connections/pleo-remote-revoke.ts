import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { connectionCredentials } from "@/db/schema";
import { ReauthorizationRequired } from "@/lib/providers/errors";
import { deleteInstallation } from "@/lib/providers/pleo/api";
import { refreshTokens } from "@/lib/providers/pleo/token-endpoint";
import { openRefreshToken, sealTokens } from "./credentials";

/**
 * Tell Pleo to revoke the installation (DELETE /v1/installations/me) with the tokens a locally
 * revoked connection still holds for exactly this purpose. Resolves when Pleo has no live grant
 * left (also when the grant was already dead); throws ProviderUnavailable when Pleo cannot be reached.
 */
export async function revokePleoInstallation(connectionId: string, tx: Transaction): Promise<void> {
  // The caller holds the connection's lock (connection → credentials, the one lock order) and
  // commits the rotated refresh token below even when the DELETE fails, for the next try.
  const accessToken = await (async () => {
    const [cred] = await tx.select().from(connectionCredentials).where(eq(connectionCredentials.connectionId, connectionId)).for("update");
    if (!cred?.refreshToken) return undefined;
    try {
      const tokens = await refreshTokens(openRefreshToken(connectionId, cred.refreshToken));
      // Keep the rotated refresh token (the old one is dead now) but no access token: a revoked
      // connection must never have one the hot path could serve.
      const { refreshToken, refreshTokenIssuedAt } = sealTokens(connectionId, tokens);
      await tx
        .update(connectionCredentials)
        .set({ refreshToken, refreshTokenIssuedAt, accessToken: null, accessTokenExpiresAt: null })
        .where(eq(connectionCredentials.connectionId, connectionId));
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof ReauthorizationRequired) return undefined;
      throw error;
    }
  })();
  if (accessToken) await deleteInstallation(accessToken);
}
