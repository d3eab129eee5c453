import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { connectionCredentials } from "@/db/schema";
import type { PleoTokenSet } from "@/lib/providers/pleo/token-endpoint";
import { openSecret, sealSecret } from "@/lib/vault";

/** Sealing and opening a connection's tokens: each ciphertext is bound to its row and column. */
const at = (connectionId: string, column: "access_token" | "refresh_token") => ({ table: "connection_credentials", column, rowId: connectionId });

export function sealTokens(connectionId: string, tokens: PleoTokenSet, now = new Date()) {
  return {
    accessToken: sealSecret(tokens.accessToken, at(connectionId, "access_token")),
    refreshToken: sealSecret(tokens.refreshToken, at(connectionId, "refresh_token")),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenIssuedAt: now,
  };
}

// Ciphertext is immutable, so its plaintext can be remembered: the hot path then pays one database
// read and no AES. Keyed by row and ciphertext; bounded, oldest entries dropped first.
const openedAccessTokens = new Map<string, string>();
const MAX_OPENED = 10_000;

export function openAccessToken(connectionId: string, sealed: string): string {
  const key = `${connectionId}\u0000${sealed}`;
  const cached = openedAccessTokens.get(key);
  if (cached !== undefined) return cached;
  const plain = openSecret(sealed, at(connectionId, "access_token"));
  if (openedAccessTokens.size >= MAX_OPENED) openedAccessTokens.delete(openedAccessTokens.keys().next().value!);
  openedAccessTokens.set(key, plain);
  return plain;
}

export function openRefreshToken(connectionId: string, sealed: string): string {
  return openSecret(sealed, at(connectionId, "refresh_token"));
}

/** Store a fresh token pair (insert or replace) inside the caller's transaction. */
export async function storeTokens(tx: Transaction, connectionId: string, tokens: PleoTokenSet): Promise<void> {
  const sealed = sealTokens(connectionId, tokens);
  await tx
    .insert(connectionCredentials)
    .values({ connectionId, ...sealed })
    .onConflictDoUpdate({ target: connectionCredentials.connectionId, set: { ...sealed, version: 1 } });
}

/** Forget a connection's tokens for good. */
export async function deleteTokens(tx: Transaction, connectionId: string): Promise<void> {
  await tx.delete(connectionCredentials).where(eq(connectionCredentials.connectionId, connectionId));
}
