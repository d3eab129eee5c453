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

export async function recordAttemptFinished(
  name: string,
  outcome: "succeeded" | "failed",
  detail: string,
): Promise<void> {
  await recordAttemptsFinished(name, outcome === "succeeded" ? 1 : 0, outcome === "failed" ? 1 : 0, detail);
}

/**
 * A batch of attempts in one statement (a worker runs batches in parallel; one row per job name
 * would otherwise take two updates per job). With any failure the outcome is "failed" and the
 * detail is a failure's; failures in a row count on from the last all-successful batch.
 */
export async function recordAttemptsFinished(
  name: string,
  succeeded: number,
  failed: number,
  detail: string,
): Promise<void> {
  const outcome = failed > 0 ? "failed" : "succeeded";
  await db()
    .insert(backgroundJobs)
    .values({
      name,
      runs: succeeded + failed,
      failures: failed,
      failuresInARow: failed,
      lastStartedAt: sql`now()`,
      lastFinishedAt: sql`now()`,
      lastOutcome: outcome,
      lastDetail: detail.slice(0, 500),
    })
    .onConflictDoUpdate({
      target: backgroundJobs.name,
      set: {
        runs: sql`${backgroundJobs.runs} + ${succeeded + failed}`,
        failures: sql`${backgroundJobs.failures} + ${failed}`,
        failuresInARow: failed === 0 ? 0 : succeeded > 0 ? failed : sql`${backgroundJobs.failuresInARow} + ${failed}`,
        lastFinishedAt: sql`now()`,
        lastOutcome: outcome,
        lastDetail: detail.slice(0, 500),
      },
    });
}
