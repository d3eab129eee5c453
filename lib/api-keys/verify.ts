import "server-only";
import { pool } from "@/db/client";
import { parseApiKey, sameHash } from "./key-format";
import { noteKeyUse } from "./last-used";
import type { ApiKeyScope } from "./scopes";
import { setBounded } from "@/lib/bounded-map";

/** Who is calling the partner API: a live key, its scopes and its optional workspace limit. */
export type ApiPrincipal = {
  keyId: string;
  name: string;
  prefix: string;
  scopes: ReadonlySet<ApiKeyScope>;
  workspaceId: string | null;
};

type StoredKey = {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  workspace_id: string | null;
  revoked_at: Date | null;
};

/**
 * Rows are remembered briefly so the hot path does not read api_keys on every call. A revocation
 * takes effect at once on the instance that made it (forgetCachedKey) and within this long on others.
 */
export const KEY_CACHE_MS = 5_000;
// On globalThis: Next bundles route handlers and server actions separately, and a revocation made
// by the settings page's action must clear the cache the API routes read.
type CacheEntry = { row: StoredKey | undefined; until: number };
const globalForKeys = globalThis as unknown as { portalApiKeyCache?: Map<string, CacheEntry> };
const cache = (globalForKeys.portalApiKeyCache ??= new Map<string, CacheEntry>());
const MAX_CACHED = 10_000;

async function loadKey(prefix: string): Promise<StoredKey | undefined> {
  const hit = cache.get(prefix);
  const now = Date.now();
  if (hit && hit.until > now) return hit.row;
  const { rows } = await pool().query<StoredKey>({
    name: "api-key-by-prefix",
    text: "select id, name, secret_hash, scopes, workspace_id, revoked_at from api_keys where prefix = $1",
    values: [prefix],
  });
  // Only real keys are remembered: random prefixes from a guesser must not fill the memory.
  if (rows[0]) setBounded(cache, prefix, { row: rows[0], until: now + KEY_CACHE_MS }, MAX_CACHED);
  return rows[0];
}

export function forgetCachedKey(prefix: string): void {
  cache.delete(prefix);
}

/** The principal for a presented key, or undefined for a malformed, unknown, wrong or revoked one. */
export async function verifyApiKey(presented: string): Promise<ApiPrincipal | undefined> {
  const parsed = parseApiKey(presented);
  if (!parsed) return undefined;
  const row = await loadKey(parsed.prefix);
  // Compared in constant time even when the row is missing, so timing does not tell which part was wrong.
  const matches = sameHash(parsed.hash, row?.secret_hash ?? "0".repeat(64));
  if (!row || !matches || row.revoked_at) return undefined;
  noteKeyUse(row.id);
  return {
    keyId: row.id,
    name: row.name,
    prefix: parsed.prefix,
    scopes: new Set(row.scopes as ApiKeyScope[]),
    workspaceId: row.workspace_id,
  };
}
