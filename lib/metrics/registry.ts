import "server-only";
import { Counter, Gauge, type Registry } from "prom-client";
import { pool } from "@/db/client";
import { queueDepths } from "@/lib/jobs/queue-depth";
import { processMetrics, type Metrics } from "./in-process";

export { countTokenRefresh } from "./in-process";

/**
 * The Prometheus series of GET /api/metrics. Two kinds:
 * - from the database at scrape time, the same for every instance: connections by provider and
 *   status, job runs and failures (background_jobs, cluster-wide), queue depth (here);
 * - in this process's memory: token refreshes and provider request latency (in-process.ts).
 * Kept on globalThis: Next may load this module in more than one bundle of the same process.
 */
const globalForMetrics = globalThis as unknown as { portalDatabaseSeries?: boolean };

function addDatabaseSeries(registry: Registry): void {
  const registers = [registry];

  new Gauge({
    name: "portal_connections",
    help: "Connections by provider and status (from the database at scrape time).",
    labelNames: ["provider", "status"],
    registers,
    async collect() {
      // connection_counts is kept by triggers: a few rows per workspace, never a scan of connections.
      const { rows } = await pool().query<{ provider: string; status: string; n: string }>(
        "select provider, status, sum(count) as n from connection_counts group by provider, status",
      );
      this.reset();
      for (const r of rows) this.set({ provider: r.provider, status: r.status }, Number(r.n));
    },
  });

  const jobs = async () =>
    (
      await pool().query<{ name: string; runs: number; failures: number }>(
        "select name, runs, failures from background_jobs",
      )
    ).rows;
  new Counter({
    name: "portal_job_runs_total",
    help: "Attempts of each background job, by every worker together (from the database).",
    labelNames: ["job"],
    registers,
    async collect() {
      this.reset();
      for (const j of await jobs()) this.inc({ job: j.name }, j.runs);
    },
  });
  new Counter({
    name: "portal_job_failures_total",
    help: "Failed attempts of each background job, by every worker together (from the database).",
    labelNames: ["job"],
    registers,
    async collect() {
      this.reset();
      for (const j of await jobs()) this.inc({ job: j.name }, j.failures);
    },
  });
  new Gauge({
    name: "portal_queue_depth",
    help: "Jobs waiting in the queue (new or awaiting a retry), by job.",
    labelNames: ["job"],
    registers,
    async collect() {
      this.reset();
      for (const [job, depth] of await queueDepths()) this.set({ job }, depth.waiting);
    },
  });
}

export function metrics(): Metrics {
  const m = processMetrics();
  if (!globalForMetrics.portalDatabaseSeries) {
    addDatabaseSeries(m.registry);
    globalForMetrics.portalDatabaseSeries = true;
  }
  return m;
}
