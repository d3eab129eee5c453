import { spawn, type ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { closeDb, db, pool } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { backgroundJobs, connections } from "@/db/schema";
import { revokeConnection } from "@/lib/connections/revoke";
import { sandboxProviderEnv } from "@/scripts/lib/sandbox-env";
import { createAdmin, createPleoConnection } from "@/test/pleo-fixtures";
import { provisionTestDatabases, type ProvisionedDatabases } from "@/test/provision";
import { useSandbox } from "@/test/sandbox";
import { closeQueue } from "./queue";
import { startWorker } from "./worker";

// A database of its own: workers here run every scheduled job, which must not touch the rows (and
// sandbox tokens) of the other test files sharing the run's database.
let own: ProvisionedDatabases;
beforeAll(async () => {
  own = await provisionTestDatabases(1, process.env.DATABASE_URL);
  process.env.DATABASE_URL = own.urls[0]!;
  await migrateDatabase(own.urls[0]!);
});
afterAll(async () => {
  await closeQueue();
  await closeDb();
  await own?.cleanup();
});
const sandbox = useSandbox();

const SCHEDULED = ["pleo-keep-alive", "pliant-reconcile", "remote-revocations"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function workerProcess(periodSeconds: number): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      ...sandboxProviderEnv(sandbox.urls.pleo, sandbox.urls.pliant),
      JOBS_PERIOD_SECONDS: String(periodSeconds),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // A worker left running by a failed or timed-out test would take the next test's jobs.
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
  return child;
}
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve),
  );

describe("background jobs on the PostgreSQL queue (pg-boss, real PostgreSQL)", () => {
  it("two worker processes: each scheduled job runs exactly once per period", { timeout: 90_000 }, async () => {
    const PERIOD = 2;
    const workers = [workerProcess(PERIOD), workerProcess(PERIOD)];
    let stderr = "";
    for (const w of workers) w.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    // Both must be polling before the clock starts: wait until each has logged nothing fatal and
    // the first period's jobs exist, then let five more periods pass.
    for (let i = 0; i < 100; i++) {
      const { rows } = await pool().query<{ n: number }>(
        "select count(distinct name)::int as n from pgboss.job where name not like '\\_\\_%'",
      );
      if (rows[0]!.n >= SCHEDULED.length) break;
      await sleep(200);
    }
    // Then until each job has run in five periods (about 10 s; longer on a loaded machine, where a
    // worker may miss a slot: the claim is "never twice in one period", not "never late").
    const slotsOf = async () =>
      (
        await pool().query<{ name: string; n: number }>(
          `select name, count(distinct singleton_on)::int as n from (select name, singleton_on from pgboss.job
             union all select name, singleton_on from pgboss.archive) j where name = any($1) group by name`,
          [SCHEDULED],
        )
      ).rows;
    for (let waited = 0; waited < 45_000; waited += 500) {
      const counts = await slotsOf();
      if (counts.length === SCHEDULED.length && counts.every((c) => c.n >= 5)) break;
      await sleep(500);
    }
    for (const w of workers) w.kill("SIGTERM");
    expect(await Promise.all(workers.map(exited))).toEqual([0, 0]);
    expect(stderr).not.toMatch(/error/i);

    const { rows } = await pool().query<{ name: string; slot: Date; jobs: number; completed: number }>(
      `select name, singleton_on as slot, count(*)::int as jobs, count(*) filter (where state = 'completed')::int as completed
         from (select name, singleton_on, state from pgboss.job union all select name, singleton_on, state from pgboss.archive) j
        where name = any($1) group by name, singleton_on order by name, singleton_on`,
      [SCHEDULED],
    );
    for (const name of SCHEDULED) {
      const slots = rows.filter((r) => r.name === name);
      // At least five periods went by; never two jobs in one period, whatever the two workers did.
      expect(slots.length, name).toBeGreaterThanOrEqual(5);
      expect(slots.every((s) => s.jobs === 1)).toBe(true);
      const slotSeconds = slots.map((s) => s.slot.getTime() / 1000);
      expect(slotSeconds.every((t) => t % PERIOD === 0)).toBe(true);
      expect(new Set(slotSeconds).size).toBe(slotSeconds.length);
      const completed = slots.reduce((n, s) => n + s.completed, 0);
      const [recorded] = await db().select().from(backgroundJobs).where(eq(backgroundJobs.name, name));
      // Every completed job was one recorded successful run (a job sent just before the stop may be left waiting).
      expect(recorded).toMatchObject({ failures: 0, lastOutcome: "succeeded" });
      expect(recorded!.runs).toBe(completed);
    }
  });

  it("a failing job is retried with exponential backoff, then succeeds", { timeout: 60_000 }, async () => {
    await sandbox.pleo.reset();
    const user = await createAdmin();
    const { connection } = await createPleoConnection(sandbox.pleo, user.workspaceId);
    await sandbox.pleo.fault({ endpoint: "pleo.installations.delete", status: 503 });
    expect(await revokeConnection(user, connection.id)).toBe("revoked-remote-pending");
    await sandbox.pleo.clearFaults();
    // The next two attempts find Pleo down; the third gets through.
    await sandbox.pleo.fault({ endpoint: "pleo.installations.delete", status: 503, times: 2 });
    await db().delete(backgroundJobs).where(eq(backgroundJobs.name, "remote-revocations"));
    await pool().query("delete from pgboss.job where name = any($1)", [SCHEDULED]);

    const worker = await startWorker({ periodSeconds: 3600, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
    const delays = new Map<number, number>();
    try {
      for (let i = 0; i < 200; i++) {
        const { rows } = await pool().query<{
          state: string;
          retry_count: number;
          started_on: Date;
          start_after: Date;
        }>("select state, retry_count, started_on, start_after from pgboss.job where name = 'remote-revocations'");
        const job = rows[0];
        if (job?.state === "retry" && !delays.has(job.retry_count))
          delays.set(job.retry_count, (job.start_after.getTime() - job.started_on.getTime()) / 1000);
        if (job?.state === "completed" || job?.state === "failed") break;
        await sleep(100);
      }
    } finally {
      await worker.stop();
    }
    const [recorded] = await db().select().from(backgroundJobs).where(eq(backgroundJobs.name, "remote-revocations"));
    expect(recorded).toMatchObject({ runs: 3, failures: 2, failuresInARow: 0, lastOutcome: "succeeded" });
    expect((await db().select().from(connections).where(eq(connections.id, connection.id)))[0]).toMatchObject({
      remoteRevocationPending: false,
    });
    // pg-boss's backoff: retry n waits retryDelay × 2^n × (0.5…1) — here 1–2 s, then 2–4 s — counted
    // from the failure, while `started_on` is the attempt's start: each figure also holds the
    // attempt's own run, which a loaded machine stretches (2.6 s seen at load 10). So the lower
    // bounds are exact and the upper ones allow 2 s of run.
    const first = delays.get(0)!;
    const second = delays.get(1)!;
    expect(first).toBeGreaterThanOrEqual(0.9);
    expect(first).toBeLessThanOrEqual(2 + 2);
    expect(second).toBeGreaterThanOrEqual(1.9);
    expect(second).toBeLessThanOrEqual(4 + 2);
  });
});
