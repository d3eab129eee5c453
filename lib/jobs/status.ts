import "server-only";
import { pool } from "@/db/client";
import { ALL_JOBS } from "./catalogue";
import { queueDepths } from "./queue-depth";
import { periodSecondsOf } from "./worker";

export type JobStatus = {
  name: string;
  title: string;
  everySeconds?: number;
  runs: number;
  failures: number;
  failuresInARow: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: "succeeded" | "failed" | null;
  lastDetail: string | null;
  /** The start of the next period: a worker sends the job then (within a few seconds). */
  nextRunAt: Date | null;
  /** Jobs waiting in the queue (new or awaiting a retry) and being worked on now. */
  waiting: number;
  active: number;
};

type Row = {
  name: string;
  runs: number;
  failures: number;
  failures_in_a_row: number;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_outcome: string | null;
  last_detail: string | null;
};

export async function jobStatuses(now = new Date()): Promise<JobStatus[]> {
  const [{ rows }, depths] = await Promise.all([pool().query<Row>("select * from background_jobs"), queueDepths()]);
  const byName = new Map(rows.map((r) => [r.name, r]));
  return ALL_JOBS.map((job) => {
    const r = byName.get(job.name);
    const period = periodSecondsOf(job);
    const nextRunAt = period ? new Date(Math.ceil(now.getTime() / 1000 / period) * period * 1000) : null;
    return {
      name: job.name,
      title: job.title,
      everySeconds: period,
      runs: r?.runs ?? 0,
      failures: r?.failures ?? 0,
      failuresInARow: r?.failures_in_a_row ?? 0,
      lastStartedAt: r?.last_started_at ?? null,
      lastFinishedAt: r?.last_finished_at ?? null,
      lastOutcome: (r?.last_outcome as JobStatus["lastOutcome"]) ?? null,
      lastDetail: r?.last_detail ?? null,
      nextRunAt,
      waiting: depths.get(job.name)?.waiting ?? 0,
      active: depths.get(job.name)?.active ?? 0,
    };
  });
}
