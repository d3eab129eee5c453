import "server-only";
import { defineJob, type RetryPolicy } from "@/lib/jobs/registry";
import { runBrokenDigest, runConnectionReminders } from "./connection-emails";

/** 30 s, 1 min, 2 min … as the maintenance jobs; what was queued stays claimed across retries. */
const RETRY: RetryPolicy = { limit: 5, delaySeconds: 30, backoff: true };

export const connectionRemindersJob = defineJob({
  name: "connection-reminders",
  title: "Connection reminders to customer admins (3 and 7 days unresolved)",
  retry: RETRY,
  expireInSeconds: 10 * 60,
  everySeconds: 60 * 60,
  run: async () => {
    const r = await runConnectionReminders();
    return `${r.mails} reminders queued for ${r.events} connections`;
  },
});

export const brokenConnectionsDigestJob = defineJob({
  name: "broken-connections-digest",
  title: "Daily digest of broken connections to partner staff",
  retry: RETRY,
  expireInSeconds: 10 * 60,
  // Hourly; each staff member's UTC day is claimed, so one digest a day arrives soon after midnight
  // UTC (or as soon as a worker runs), and a period override (JOBS_PERIOD_SECONDS) never sends more.
  everySeconds: 60 * 60,
  run: async () => {
    const r = await runBrokenDigest();
    return r.broken === 0 ? "nothing broken, no digest" : `${r.broken} broken, ${r.mails} digests queued`;
  },
});
