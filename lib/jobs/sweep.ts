import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { log } from "@/lib/log";
import { runKeepAlive, type KeepAliveReport } from "@/lib/connections/pleo/keep-alive";
import { finishRemoteRevocation } from "@/lib/connections/revoke";
import { pruneRateLimits } from "@/lib/rate-limit";
import { reconcilePliant, type PliantReconcileReport } from "@/lib/connections/pliant/reconcile-sweep";

const BATCH = 50;

export type SweepReport = {
  keepAlive: KeepAliveReport;
  remoteRevocations: { done: number; pending: number };
  pliant?: PliantReconcileReport;
};

export type RemoteRevocationReport = SweepReport["remoteRevocations"];

/**
 * The maintenance sweep, all three parts once: `npm run jobs`, and the tests. Workers run each part
 * as its own scheduled job (lib/jobs/maintenance-jobs.ts).
 */
export async function runSweep(opts: { keepAliveDays?: number; now?: Date } = {}): Promise<SweepReport> {
  const report: SweepReport = { keepAlive: await runKeepAlive(opts), remoteRevocations: await runRemoteRevocations() };
  // Organizations revoked inside Pliant, which tells nobody: see lib/connections/pliant/reconcile-sweep.ts.
  report.pliant = await reconcilePliant();
  // Throttle counters idle for a day hold nothing worth keeping.
  await pruneRateLimits();
  log.info("sweep.done", report);
  return report;
}

/** Finish remote revocations that could not reach the provider when the admin revoked. */
export async function runRemoteRevocations(): Promise<RemoteRevocationReport> {
  const report: RemoteRevocationReport = { done: 0, pending: 0 };
  const pending = await db()
    .select({
      id: connections.id,
      provider: connections.provider,
      externalId: connections.externalId,
      workspaceId: connections.workspaceId,
    })
    .from(connections)
    .where(and(eq(connections.status, "revoked"), eq(connections.remoteRevocationPending, true)))
    .limit(BATCH);
  for (const c of pending) {
    if (await finishRemoteRevocation(c, { label: "sweep" })) report.done++;
    else report.pending++;
  }
  return report;
}
