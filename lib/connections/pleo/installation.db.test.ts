import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/db/client";
import { QUEUE_SCHEMA } from "@/db/queue-schema";
import { auditEvents, connections } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import { pleoInstallationActivateJob } from "@/lib/connections/pleo/installation-job";
import type { JobDefinition } from "@/lib/jobs/registry";
import { closeQueue } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import { PLEO_COMPANIES } from "@/sandbox/index";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { useSandbox } from "@/test/sandbox";
import { activatePendingPleoInstallation, activatePleoInstallation } from "./installation";
import { getProviderStatus } from "../provider-status";

const sandbox = useSandbox();
afterAll(() => closeQueue());

const STAFF = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "staff@partner.test",
  role: "partner_staff",
} as unknown as SessionUser;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type QueuedJob = { id: string; state: string; attempt: number; delay: number };
/** The activation retries queued for a connection, oldest first, with their delay from now in seconds. */
async function queued(connectionId: string): Promise<QueuedJob[]> {
  const { rows } = await pool().query<{ id: string; state: string; attempt: number; delay: number }>(
    `select id, state, (data->>'attempt')::int as attempt, extract(epoch from start_after - now())::float8 as delay
       from ${QUEUE_SCHEMA}.job where name = 'pleo-installation-activate' and data->>'connectionId' = $1 order by created_on`,
    [connectionId],
  );
  return rows;
}

async function installationOf(companyId: string) {
  type Installations = { installations: { resource: string; status: string; history: string[] }[] };
  return ((await sandbox.pleo.get("installations")) as Installations).installations.find(
    (i) => i.resource === `urn:pleo:company:${companyId}`,
  );
}

const pendingIds = async () => (await getProviderStatus(STAFF)).pendingPleoActivations.first.map((p) => p.connectionId);

describe("a failed Pleo installation activation is retried on the job queue (real PostgreSQL, sandbox Pleo)", () => {
  it(
    "fails twice, is retried with a growing delay, shown pending to staff, then activated by a worker",
    { timeout: 60_000 },
    async () => {
      const company = PLEO_COMPANIES[1]!.id;
      const { workspace } = await createWorkspace();
      const { connection, tokens } = await createPleoConnection(sandbox.pleo, workspace.id, { companyId: company });
      const target = { connectionId: connection.id, workspaceId: workspace.id };
      await sandbox.pleo.fault({ endpoint: "pleo.installations.activate", status: 503, times: 2 });

      // After the connect: fails, audited, attempt 2 queued about a minute later.
      expect(await activatePleoInstallation(target, tokens.accessToken)).toBe(false);
      const [second] = await queued(connection.id);
      expect(second).toMatchObject({ state: "created", attempt: 2 });
      expect(second!.delay).toBeGreaterThan(55);
      expect(second!.delay).toBeLessThan(75);
      expect(await pendingIds()).toContain(connection.id);
      expect((await installationOf(company))?.status).toBe("AUTHORIZED");

      // Attempt 2 (as the job runs it) fails again: attempt 3 waits about twice as long.
      expect(await activatePendingPleoInstallation(target, 2)).toMatch(/^attempt 2 failed .*next in \d+ s$/);
      const third = (await queued(connection.id)).find((j) => j.attempt === 3)!;
      expect(third.delay).toBeGreaterThan(115);
      expect(third.delay).toBeLessThan(150);
      const shown = (await getProviderStatus(STAFF)).pendingPleoActivations.first.find(
        (p) => p.connectionId === connection.id,
      );
      expect(shown?.attempts).toBe(2);
      expect(shown?.reason).toContain("503");

      // Pleo recovers. Make attempt 3 due and let a real worker take it from the queue.
      await pool().query(
        `delete from ${QUEUE_SCHEMA}.job where name = 'pleo-installation-activate' and (data->>'attempt')::int = 2`,
      );
      await pool().query(`update ${QUEUE_SCHEMA}.job set start_after = now() where id = $1`, [third.id]);
      const worker = await startWorker({
        jobs: [pleoInstallationActivateJob as JobDefinition],
        pollingIntervalSeconds: 0.5,
      });
      try {
        for (let i = 0; i < 100 && (await queued(connection.id)).some((j) => j.state !== "completed"); i++)
          await sleep(200);
      } finally {
        await worker.stop();
      }
      expect(await queued(connection.id)).toEqual([expect.objectContaining({ attempt: 3, state: "completed" })]);
      expect(await installationOf(company)).toMatchObject({
        status: "ACTIVATED",
        history: ["AUTHORIZED", "ACTIVATED"],
      });
      expect(await pendingIds()).not.toContain(connection.id);
      const trail = await db()
        .select({ action: auditEvents.action, detail: auditEvents.detail })
        .from(auditEvents)
        .where(eq(auditEvents.connectionId, connection.id))
        .orderBy(auditEvents.id);
      expect(trail.map((e) => [e.action, e.detail.attempt])).toEqual([
        ["installation.report_failed", 1],
        ["installation.report_failed", 2],
        ["installation.activated", 3],
      ]);
    },
  );

  it("stops when the connection ended: no call to Pleo, nothing queued", async () => {
    const { workspace } = await createWorkspace();
    const { connection, tokens } = await createPleoConnection(sandbox.pleo, workspace.id, {
      companyId: PLEO_COMPANIES[2]!.id,
    });
    const target = { connectionId: connection.id, workspaceId: workspace.id };
    await sandbox.pleo.fault({ endpoint: "pleo.installations.activate", status: 500, times: 1 });
    expect(await activatePleoInstallation(target, tokens.accessToken)).toBe(false);
    expect(await pendingIds()).toContain(connection.id);

    await db().update(connections).set({ status: "revoked" }).where(eq(connections.id, connection.id));
    const calls = async () => (await sandbox.pleo.counters())["pleo.installations.activate"]?.total ?? 0;
    const before = await calls();
    expect(await activatePendingPleoInstallation(target, 2)).toBe("connection ended; nothing to activate");
    expect(await calls()).toBe(before);
    expect((await queued(connection.id)).map((j) => j.attempt)).toEqual([2]);
    expect(await pendingIds()).not.toContain(connection.id);
  });
});
