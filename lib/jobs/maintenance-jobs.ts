import "server-only";
import { pruneRateLimits } from "@/lib/rate-limit";
import { reconcilePliant } from "@/lib/connections/pliant/reconcile-sweep";
import { defineJob, type RetryPolicy } from "./registry";
import { runKeepAlive } from "@/lib/connections/pleo/keep-alive";
import { runRemoteRevocations } from "./sweep";

/** The maintenance sweep as three scheduled jobs, each once per period across all workers. */
const FIFTEEN_MINUTES = 15 * 60;
/** 30 s, 1 min, 2 min, 4 min, 8 min (each with up to 100 % jitter), then the next period. */
const MAINTENANCE_RETRY: RetryPolicy = { limit: 5, delaySeconds: 30, backoff: true };

/** A job attempt that could not finish everything fails, so the queue retries it with backoff. */
class Unfinished extends Error {
  override name = "Unfinished";
}

export const pleoKeepAliveJob = defineJob({
  name: "pleo-keep-alive",
  title: "Pleo keep-alive refreshes (grants idle for 30 days)",
  retry: MAINTENANCE_RETRY,
  expireInSeconds: 30 * 60,
  everySeconds: FIFTEEN_MINUTES,
  run: async () => {
    const r = await runKeepAlive();
    const summary = `${r.refreshed} refreshed, ${r.needsReauth} need re-authorization, ${r.skipped} skipped, ${r.unavailable} Pleo unavailable`;
    if (r.unavailable > 0) throw new Unfinished(summary);
    return summary;
  },
});

export const remoteRevocationsJob = defineJob({
  name: "remote-revocations",
  title: "Remote revocations still pending (Pleo, Pliant)",
  retry: MAINTENANCE_RETRY,
  expireInSeconds: 10 * 60,
  everySeconds: FIFTEEN_MINUTES,
  run: async () => {
    // Housekeeping on the same period: throttle counters idle for a day hold nothing worth keeping.
    await pruneRateLimits();
    const r = await runRemoteRevocations();
    const summary = `${r.done} done, ${r.pending} still pending`;
    if (r.pending > 0) throw new Unfinished(summary);
    return summary;
  },
});

export const pliantReconcileJob = defineJob({
  name: "pliant-reconcile",
  title: "Pliant reconcile (organizations Pliant no longer lists are revoked)",
  retry: MAINTENANCE_RETRY,
  expireInSeconds: 10 * 60,
  everySeconds: FIFTEEN_MINUTES,
  run: async () => {
    const r = await reconcilePliant();
    if (r.skipped === "Pliant unavailable") throw new Unfinished("Pliant unavailable");
    return `${r.checked} checked, ${r.revoked} revoked${r.skipped ? ` (skipped: ${r.skipped})` : ""}`;
  },
});
