// npm run jobs [-- --every 15] — every scheduled job once now, in this process (or every N minutes),
// counted on the staff "Background jobs" page like a worker's run. Workers (npm run worker, or npm
// start) run them on their own schedule; this is for a one-off run by hand.
import { parseArgs } from "node:util";
import { ALL_JOBS } from "@/lib/jobs/catalogue";
import { recordAttemptFinished, recordAttemptStarted } from "@/lib/jobs/runs";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({ options: { every: { type: "string" } } });
const minutes = values.every ? Number(values.every) : undefined;
if (minutes !== undefined && !(minutes > 0)) {
  console.error("--every takes a number of minutes greater than 0");
  process.exit(1);
}

await withDatabase(async () => {
  for (;;) {
    let failed = 0;
    for (const job of ALL_JOBS.filter((j) => j.everySeconds)) {
      await recordAttemptStarted(job.name);
      try {
        const summary = await job.run({}, { jobId: "npm run jobs", retryCount: 0 });
        await recordAttemptFinished(job.name, "succeeded", summary);
        console.log(`${job.title}: ${summary}.`);
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        await recordAttemptFinished(job.name, "failed", message);
        console.error(`${job.title}: failed — ${message}`);
      }
    }
    if (!minutes) {
      if (failed) throw new Error(`${failed} job(s) failed; a worker retries them on its schedule.`);
      return;
    }
    await new Promise((r) => setTimeout(r, minutes * 60_000));
  }
});
