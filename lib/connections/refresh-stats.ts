import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { tokenRefreshStats } from "@/db/schema";

/** Count one refresh outcome for today (UTC); one upserted row per day, provider and outcome. */
export async function countRefreshOutcome(tx: Database | Transaction, provider: "pleo" | "pliant", outcome: string): Promise<void> {
  await tx
    .insert(tokenRefreshStats)
    .values({ day: sql`(now() at time zone 'utc')::date`, provider, outcome, count: 1 })
    .onConflictDoUpdate({ target: [tokenRefreshStats.day, tokenRefreshStats.provider, tokenRefreshStats.outcome], set: { count: sql`${tokenRefreshStats.count} + 1` } });
}
