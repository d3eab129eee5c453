import "server-only";
import { eq, sql } from "drizzle-orm";
import { pool, type Transaction } from "@/db/client";
import { connectionCredentials } from "@/db/schema";
import type { PleoTokenSet } from "@/lib/providers/pleo/token-endpoint";
import { openSecret, sealSecret } from "@/lib/vault";
import { setBounded } from "@/lib/bounded-map";

/**
 * A connection's tokens (connection_credentials): the one module that writes them. Each ciphertext
 * is bound to its row and column. Callers hold the connection's row lock where they change tokens
 * (connection, then credentials: the one lock order).
 */
const at = (connectionId: string, column: "access_token" | "refresh_token") => ({
  table: "connection_credentials",
  column,
  rowId: connectionId,
});

function sealTokens(connectionId: string, tokens: PleoTokenSet, now = new Date()) {
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
  setBounded(openedAccessTokens, key, plain, MAX_OPENED);
  return plain;
}

export function openRefreshToken(connectionId: string, sealed: string): string {
  return openSecret(sealed, at(connectionId, "refresh_token"));
}

/**
 * The hot path's read: one primary-key lookup through a named prepared statement. An access token
 * is stored only while its connection is active (revoke clears it), so no join is needed to trust it.
 */
export async function readAccessToken(
  connectionId: string,
): Promise<{ access_token: string | null; access_token_expires_at: Date | null } | undefined> {
  const { rows } = await pool().query<{ access_token: string | null; access_token_expires_at: Date | null }>({
    name: "pleo-access-token",
    text: "select access_token, access_token_expires_at from connection_credentials where connection_id = $1",
    values: [connectionId],
  });
  return rows[0];
}

/** Store a fresh token pair (insert or replace) inside the caller's transaction. */
export async function storeTokens(tx: Transaction, connectionId: string, tokens: PleoTokenSet): Promise<void> {
  const sealed = sealTokens(connectionId, tokens);
  await tx
    .insert(connectionCredentials)
    .values({ connectionId, ...sealed })
    .onConflictDoUpdate({ target: connectionCredentials.connectionId, set: { ...sealed, version: 1 } });
}

/**
 * Store a rotated pair over the current one and bump `version` (every rotation does). Without
 * `withAccessToken` only the refresh token is kept: a revoked connection must never hold an access
 * token the hot path could serve.
 */
export async function storeRotatedTokens(
  tx: Transaction,
  connectionId: string,
  tokens: PleoTokenSet,
  opts: { withAccessToken: boolean },
): Promise<void> {
  const sealed = sealTokens(connectionId, tokens);
  const set = opts.withAccessToken
    ? sealed
    : {
        refreshToken: sealed.refreshToken,
        refreshTokenIssuedAt: sealed.refreshTokenIssuedAt,
        accessToken: null,
        accessTokenExpiresAt: null,
      };
  await tx
    .update(connectionCredentials)
    .set({ ...set, version: sql`${connectionCredentials.version} + 1` })
    .where(eq(connectionCredentials.connectionId, connectionId));
}

/** Stop serving the access token (revocation): the refresh token stays for the provider-side revocation. */
export async function dropAccessToken(tx: Transaction, connectionId: string): Promise<void> {
  await tx
    .update(connectionCredentials)
    .set({ accessToken: null, accessTokenExpiresAt: null })
    .where(eq(connectionCredentials.connectionId, connectionId));
}

/** Forget a connection's tokens for good. */
export async function deleteTokens(tx: Transaction, connectionId: string): Promise<void> {
  await tx.delete(connectionCredentials).where(eq(connectionCredentials.connectionId, connectionId));
}
