import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import { backgroundJobs } from "@/db/schema";

/**
 * Every attempt of every job is counted here, whichever worker ran it: cluster-wide counts that
 * survive restarts, for the staff page and /api/metrics (pg-boss archives and deletes its own rows).
 */
export async function recordAttemptStarted(name: string): Promise<void> {
  await db()
    .insert(backgroundJobs)
    .values({ name, lastStartedAt: sql`now()` })
    .onConflictDoUpdate({ target: backgroundJobs.name, set: { lastStartedAt: sql`now()` } });
}

export async function recordAttemptFinished(name: string, outcome: "succeeded" | "failed", detail: string): Promise<void> {
  const failed = outcome === "failed" ? 1 : 0;
  await db()
    .insert(backgroundJobs)
    .values({ name, runs: 1, failures: failed, failuresInARow: failed, lastStartedAt: sql`now()`, lastFinishedAt: sql`now()`, lastOutcome: outcome, lastDetail: detail.slice(0, 500) })
    .onConflictDoUpdate({
      target: backgroundJobs.name,
      set: {
        runs: sql`${backgroundJobs.runs} + 1`,
        failures: sql`${backgroundJobs.failures} + ${failed}`,
        failuresInARow: failed ? sql`${backgroundJobs.failuresInARow} + 1` : 0,
        lastFinishedAt: sql`now()`,
        lastOutcome: outcome,
        lastDetail: detail.slice(0, 500),
      },
    });
}
