import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { tokenRefreshStats } from "@/db/schema";
import { countTokenRefresh } from "@/lib/metrics/registry";
import type { ProviderName } from "./dto";

/** Count one refresh outcome for today (UTC; one upserted row per day, provider and outcome) and in /api/metrics. */
export async function countRefreshOutcome(
  tx: Database | Transaction,
  provider: ProviderName,
  outcome: string,
): Promise<void> {
  countTokenRefresh(provider, outcome);
  await tx
    .insert(tokenRefreshStats)
    .values({ day: sql`(now() at time zone 'utc')::date`, provider, outcome, count: 1 })
    .onConflictDoUpdate({
      target: [tokenRefreshStats.day, tokenRefreshStats.provider, tokenRefreshStats.outcome],
      set: { count: sql`${tokenRefreshStats.count} + 1` },
    });
}
