import "server-only";
import type PgBoss from "pg-boss";
import { pool } from "@/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { withLogContext } from "@/lib/request-context";
import { ALL_JOBS } from "./catalogue";
import { newBoss, queue } from "./queue";
import type { JobDefinition } from "./registry";
import { recordAttemptStarted, recordAttemptsFinished } from "./runs";

export type WorkerOptions = {
  /** Every scheduled job's period (seconds) instead of its own; default JOBS_PERIOD_SECONDS. */
  periodSeconds?: number;
  /** The first retry's delay instead of each job's own (tests). */
  retryDelaySeconds?: number;
  /** How often an idle worker asks for work; pg-boss's default is 2 s. */
  pollingIntervalSeconds?: number;
  jobs?: JobDefinition[];
};

export type RunningWorker = { stop: () => Promise<void> };

/** The period a scheduled job runs at under this configuration. */
export function periodSecondsOf(job: JobDefinition, override?: number): number | undefined {
  if (!job.everySeconds) return undefined;
  return override ?? env().JOBS_PERIOD_SECONDS ?? job.everySeconds;
}

type Outcome = { ok: true; summary: string } | { ok: false; error: unknown; message: string };

/** One attempt of one job, logged. Never throws: the caller completes or fails the job. */
async function runAttempt(job: JobDefinition, queued: PgBoss.JobWithMetadata<object>): Promise<Outcome> {
  const started = performance.now();
  return withLogContext({ job: job.name, jobId: queued.id }, async (): Promise<Outcome> => {
    try {
      const summary = await job.run(queued.data as never, { jobId: queued.id, retryCount: queued.retryCount });
      log.info("job.succeeded", {
        job: job.name,
        jobId: queued.id,
        retryCount: queued.retryCount,
        ms: Math.round(performance.now() - started),
        summary,
      });
      return { ok: true, summary };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log.warn("job.failed", {
        job: job.name,
        jobId: queued.id,
        retryCount: queued.retryCount,
        retryLimit: queued.retryLimit,
        message,
      });
      return { ok: false, error, message };
    }
  });
}

/**
 * One fetched batch: its jobs run at once and are counted in background_jobs together. pg-boss would
 * fail a whole batch for one throw, so a failed job is failed here on its own (pg-boss retries it by
 * its policy) and pg-boss completes the rest when this returns. A batch of one keeps pg-boss's own
 * path: the summary is the job's output, the error fails it.
 */
async function runBatch(
  boss: PgBoss,
  job: JobDefinition,
  batch: PgBoss.JobWithMetadata<object>[],
): Promise<{ summary: string } | undefined> {
  // Counting must not fail a job whose work is done (it would run again).
  await recordAttemptStarted(job.name).catch(() => {});
  const outcomes = await Promise.all(batch.map((queued) => runAttempt(job, queued)));
  const failed = outcomes.flatMap((outcome, i) => (outcome.ok ? [] : [{ queued: batch[i]!, outcome }]));
  const last = failed.at(-1)?.outcome ?? outcomes.at(-1);
  const detail = !last ? "" : last.ok ? last.summary : last.message;
  await recordAttemptsFinished(job.name, outcomes.length - failed.length, failed.length, detail).catch((error: Error) =>
    log.warn("job.count_failed", { job: job.name, message: error.message }),
  );
  if (batch.length === 1) {
    const only = outcomes[0]!;
    if (!only.ok) throw only.error;
    return { summary: only.summary };
  }
  // If this throws, pg-boss fails the whole batch: the succeeded jobs run again (at least once).
  for (const { queued, outcome } of failed) await boss.fail(job.name, queued.id, { message: outcome.message });
  return undefined;
}

// Any fixed number (db/migrate.ts uses another): workers starting together create queues in turn.
const QUEUE_SETUP_LOCK = 727_402;

/**
 * Create (or update) each job's queue with its retry policy. pg-boss creates a table partition per
 * new queue; two workers doing that at once can deadlock in PostgreSQL (seen in the scale-out bench),
 * so setup runs under an advisory lock, one worker after the other.
 */
async function createQueues(boss: PgBoss, jobs: JobDefinition[], retryDelaySeconds?: number): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query("select pg_advisory_lock($1)", [QUEUE_SETUP_LOCK]);
    for (const job of jobs) {
      const queueOptions = {
        name: job.name,
        retryLimit: job.retry.limit,
        retryDelay: retryDelaySeconds ?? job.retry.delaySeconds,
        retryBackoff: job.retry.backoff,
        expireInSeconds: job.expireInSeconds,
      };
      await boss.createQueue(job.name, queueOptions);
      await boss.updateQueue(job.name, queueOptions);
    }
  } finally {
    await client.query("select pg_advisory_unlock($1)", [QUEUE_SETUP_LOCK]).catch(() => {});
    client.release();
  }
}

/**
 * A worker: handles every job of the catalogue and schedules the periodic ones. Any number may run
 * on one database. A scheduled job is sent with pg-boss's throttling (singletonKey = its name,
 * singletonSeconds = its period): the database's unique index on (name, time slot, key) lets exactly
 * one send per period through, however many workers try — the mechanism pg-boss's own cron uses,
 * here with periods in seconds rather than whole cron minutes.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const jobs = options.jobs ?? ALL_JOBS;
  const boss = newBoss({ worker: true });
  await boss.start();
  await createQueues(boss, jobs, options.retryDelaySeconds);
  // The send handle starts before any job runs: jobs enqueue inside transactions, and a batch of
  // them each holding a pool client while the handle's first start waits for one deadlocked the pool.
  await queue();
  for (const job of jobs) {
    const batchSize = job.batchSize ?? 1;
    const pollingIntervalSeconds = options.pollingIntervalSeconds ?? job.pollingIntervalSeconds;
    for (let n = 0; n < (job.loops ?? 1); n++) {
      const loop: { id?: string } = {};
      loop.id = await boss.work<object>(
        job.name,
        { includeMetadata: true, batchSize, ...(pollingIntervalSeconds ? { pollingIntervalSeconds } : {}) },
        async (batch) => {
          // pg-boss waits out the polling interval after every fetch; a full batch suggests more are
          // waiting, so this loop fetches again as soon as the batch is done.
          if (batchSize > 1 && batch.length === batchSize && loop.id) boss.notifyWorker(loop.id);
          return runBatch(boss, job, batch);
        },
      );
    }
  }

  const scheduled = jobs.flatMap((job) => {
    const period = periodSecondsOf(job, options.periodSeconds);
    return period ? [{ job, period }] : [];
  });
  let stopped = false;
  const tick = async () => {
    for (const { job, period } of scheduled) {
      if (stopped) return;
      await boss
        .sendThrottled(job.name, {}, {}, period, job.name)
        .catch((error: Error) => log.warn("job.schedule_failed", { job: job.name, message: error.message }));
    }
  };
  // Several ticks per period, so a period is never missed by much while any worker runs.
  const shortest = Math.min(...scheduled.map((s) => s.period));
  const timer = scheduled.length
    ? setInterval(() => void tick(), Math.max(500, Math.min(15_000, (shortest * 1000) / 4)))
    : undefined;
  timer?.unref();
  await tick();
  log.info("worker.started", {
    jobs: jobs.map((j) => j.name),
    scheduled: scheduled.map((s) => `${s.job.name} every ${s.period}s`),
  });

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      // Graceful: attempts under way finish (up to 30 s) before the handle closes.
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}
