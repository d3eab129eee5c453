import "server-only";
import { pool } from "@/db/client";
import { log } from "@/lib/log";

/**
 * "Last used" without a write per request: uses are collected in memory and written in one
 * statement at most every FLUSH_MS per instance. A crash loses at most that much of this hint.
 */
export const FLUSH_MS = 15_000;
const pending = new Map<string, Date>();
let timer: NodeJS.Timeout | undefined;

export function noteKeyUse(keyId: string, at = new Date()): void {
  pending.set(keyId, at);
  timer ??= setTimeout(() => void flushKeyUse(), FLUSH_MS).unref();
}

/** Write the collected uses now (also used by tests and on shutdown). */
export async function flushKeyUse(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  const ids = [...pending.keys()];
  const times = ids.map((id) => pending.get(id)!.toISOString());
  pending.clear();
  await pool()
    .query(
      "update api_keys k set last_used_at = greatest(k.last_used_at, u.at) from unnest($1::uuid[], $2::timestamptz[]) as u(id, at) where k.id = u.id",
      [ids, times],
    )
    .catch((error: unknown) =>
      log.warn("api_keys.last_used_failed", { error: error instanceof Error ? error.name : "unknown" }),
    );
}
