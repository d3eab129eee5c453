import "server-only";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { connectionCredentials, connections } from "@/db/schema";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { keepAliveRefresh } from "./tokens";

/** Refresh tokens idle this long are refreshed, far ahead of Pleo's 60-day expiry. */
export const KEEP_ALIVE_DAYS = 30;
const BATCH = 50;

export type KeepAliveReport = { refreshed: number; skipped: number; needsReauth: number; unavailable: number };

/**
 * Keep idle Pleo grants alive. Safe with any number of instances: every row is claimed with FOR
 * UPDATE SKIP LOCKED and re-checked under its lock, so two sweeps never refresh the same grant twice.
 */
export async function runKeepAlive(opts: { keepAliveDays?: number; now?: Date } = {}): Promise<KeepAliveReport> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - (opts.keepAliveDays ?? KEEP_ALIVE_DAYS) * 86_400_000);
  const report: KeepAliveReport = { refreshed: 0, skipped: 0, needsReauth: 0, unavailable: 0 };
  // One pass in (issued_at, id) order: refreshed rows leave the set, skipped ones stay behind the cursor.
  let cursor: { issuedAt: Date; id: string } | undefined;
  for (;;) {
    const candidates = await db()
      .select({ id: connectionCredentials.connectionId, issuedAt: connectionCredentials.refreshTokenIssuedAt })
      .from(connectionCredentials)
      .innerJoin(connections, eq(connections.id, connectionCredentials.connectionId))
      .where(
        and(
          eq(connections.provider, "pleo"),
          eq(connections.status, "active"),
          lt(connectionCredentials.refreshTokenIssuedAt, cutoff),
          cursor
            ? sql`(${connectionCredentials.refreshTokenIssuedAt}, ${connectionCredentials.connectionId}) > (${cursor.issuedAt}, ${cursor.id})`
            : undefined,
        ),
      )
      .orderBy(asc(connectionCredentials.refreshTokenIssuedAt), asc(connectionCredentials.connectionId))
      .limit(BATCH);
    if (candidates.length === 0) break;
    for (const c of candidates) {
      try {
        const outcome = await keepAliveRefresh(c.id, cutoff);
        if (outcome === "refreshed") report.refreshed++;
        else if (outcome === "needs_reauth") report.needsReauth++;
        else report.skipped++;
      } catch (error) {
        if (!(error instanceof ProviderUnavailable)) throw error;
        report.unavailable++;
      }
    }
    const last = candidates[candidates.length - 1]!;
    cursor = { issuedAt: last.issuedAt!, id: last.id };
  }
  return report;
}
