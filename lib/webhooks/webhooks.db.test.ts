import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db, pool } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { auditEvents, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { getConnectionForKey } from "@/lib/api/connections";
import { connectionSchema } from "@/lib/api/schemas";
import { revokeConnection } from "@/lib/connections/revoke";
import { closeQueue } from "@/lib/jobs/queue";
import { enqueue } from "@/lib/jobs/registry";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { provisionTestDatabases, type ProvisionedDatabases } from "@/test/provision";
import { useSandbox } from "@/test/sandbox";
import { allowsAddress, checkEndpointUrl } from "./address-policy";
import { DISABLE_AFTER_FAILING_MS } from "./retry-schedule";
import { webhookDeliveryJob } from "./delivery-job";
import { webhookDispatchJob } from "./dispatch-job";
import { MAX_IN_FLIGHT_PER_ENDPOINT } from "./endpoint-slots";
import { addEndpoint, listDisabledByFailure, rotateEndpointSecret } from "./endpoints";
import { recordConnectionEvent } from "./outbox";

// A database of its own: this file's worker must not deliver other files' events.
const sandbox = useSandbox();
let own: ProvisionedDatabases;
let worker: RunningWorker | undefined;
type Received = { id: string; timestamp: string; signature: string; body: string };
const received: Received[] = [];
let answers: number[] = [];
let receiver: Server;
let receiverUrl = "";
const slow = { inFlight: 0, maxInFlight: 0, ids: [] as string[] };

beforeAll(async () => {
  own = await provisionTestDatabases(1, process.env.DATABASE_URL);
  process.env.DATABASE_URL = own.urls[0]!;
  await migrateDatabase(own.urls[0]!);
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      // /slow answers after a second and counts requests in flight; /down always answers 503.
      if (req.url === "/slow") {
        slow.inFlight++;
        slow.maxInFlight = Math.max(slow.maxInFlight, slow.inFlight);
        setTimeout(() => {
          slow.inFlight--;
          slow.ids.push(String(req.headers["webhook-id"]));
          res.end("ok");
        }, 1000);
        return;
      }
      if (req.url === "/down") {
        res.statusCode = 503;
        // An hour: the retry of one event does not race the next in the test.
        res.setHeader("retry-after", "3600");
        res.end("down");
        return;
      }
      received.push({
        id: String(req.headers["webhook-id"]),
        timestamp: String(req.headers["webhook-timestamp"]),
        signature: String(req.headers["webhook-signature"]),
        body,
      });
      res.statusCode = answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  worker = await startWorker({ jobs: [webhookDispatchJob, webhookDeliveryJob] as never, pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await worker?.stop();
  await closeQueue();
  await closeDb();
  receiver?.close();
  await own?.cleanup();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(100);
  }
}

describe("outgoing webhooks (real PostgreSQL, real worker, real HTTP receiver)", () => {
  it(
    "a revocation's event is signed per Standard Webhooks; a 500 is retried with the same webhook-id",
    { timeout: 40_000 },
    async () => {
      const { secret } = await addEndpoint({ url: receiverUrl, events: ["connection.revoked"] }, { label: "test" });
      expect(secret).toMatch(/^whsec_/);
      const { workspace, admin } = await createWorkspace();
      const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
      answers = [500];
      const user = {
        id: admin.id,
        email: admin.email,
        name: null,
        role: "customer_admin" as const,
        workspaceId: workspace.id,
        workspaceName: workspace.name,
      };
      await revokeConnection(user, connection.id);

      const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.connectionId, connection.id));
      expect(event!.type).toBe("connection.revoked");
      const both = await until(() => {
        const mine = received.filter((r) => r.id === event!.id);
        return mine.length >= 2 ? mine : undefined;
      });
      expect(new Set(both.map((r) => r.id)).size).toBe(1);
      for (const r of both) {
        const verified = new Webhook(secret).verify(r.body, {
          "webhook-id": r.id,
          "webhook-timestamp": r.timestamp,
          "webhook-signature": r.signature,
        }) as {
          type: string;
          data: { connection: { id: string; status: string; workspace: { name: string } }; revokedBy: string };
        };
        expect(verified.type).toBe("connection.revoked");
        expect(verified.data.connection).toMatchObject({
          id: connection.id,
          status: "revoked",
          workspace: { name: workspace.name },
        });
        expect(verified.data.revokedBy).toBe("customer");
        // The same shape as GET /api/v1/connections/{id}: every field, nothing more, equal values.
        expect(connectionSchema.strict().parse(verified.data.connection)).toEqual(verified.data.connection);
        // Except the last refresh: revoking at Pleo rotates the grant once more, after the event was recorded.
        const now = (await getConnectionForKey(
          { keyId: "test", name: "test", prefix: "test", scopes: new Set(), workspaceId: workspace.id },
          connection.id,
        )) as Record<string, unknown>;
        expect(verified.data.connection).toEqual({
          ...now,
          lastRefresh: (verified.data.connection as Record<string, unknown>).lastRefresh,
        });
      }
      const attempts = await until(async () => {
        const rows = await db()
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.eventId, event!.id))
          .orderBy(webhookDeliveries.attempt);
        return rows.length >= 2 ? rows : undefined;
      });
      expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
        [1, 500, "retrying"],
        [2, 200, "delivered"],
      ]);
    },
  );

  it("the event exists only if the state change commits (outbox in the same transaction)", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
    await expect(
      db().transaction(async (tx) => {
        await recordConnectionEvent(tx, "connection.error", connection.id, { reason: "test" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db().select().from(webhookEvents).where(eq(webhookEvents.connectionId, connection.id))).toEqual([]);
    const { rows } = await pool().query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'webhook-dispatch' and data->>'eventId' not in (select id from webhook_events)",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("after a rotation both secrets sign each message", { timeout: 20_000 }, async () => {
    const { id, secret: old } = await addEndpoint(
      { url: receiverUrl, events: ["connection.error"] },
      { label: "test" },
    );
    const fresh = (await rotateEndpointSecret(id, { label: "test" }))!;
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
    const eventId = await db().transaction((tx) =>
      recordConnectionEvent(tx, "connection.error", connection.id, { reason: "activation failed" }),
    );
    const got = await until(() => received.find((r) => r.id === eventId));
    expect(got.signature.split(" ")).toHaveLength(2);
    for (const s of [old, fresh])
      expect(() =>
        new Webhook(s).verify(got.body, {
          "webhook-id": got.id,
          "webhook-timestamp": got.timestamp,
          "webhook-signature": got.signature,
        }),
      ).not.toThrow();
  });

  it(
    "a burst is delivered in parallel, never more than the cap at once to one endpoint",
    { timeout: 60_000 },
    async () => {
      const { id } = await addEndpoint(
        { url: receiverUrl.replace(/\/hooks$/, "/slow"), events: ["connection.needs_reauth"] },
        { label: "test" },
      );
      const { workspace } = await createWorkspace();
      const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
      // 30 events no endpoint subscribes to, then their 30 deliveries to /slow queued together, so
      // both delivery loops fetch full batches at once (20 wanted in flight; the cap allows 10).
      const ids: string[] = [];
      for (let i = 0; i < 30; i++)
        ids.push(await db().transaction((tx) => recordConnectionEvent(tx, "connection.created", connection.id)));
      await db().transaction(async (tx) => {
        for (const eventId of ids) await enqueue("webhook-delivery", { eventId, endpointId: id, attempt: 1 }, { tx });
      });
      await until(() => (ids.every((e) => slow.ids.includes(e)) ? true : undefined), 45_000);
      expect(slow.maxInFlight).toBeGreaterThan(1);
      expect(slow.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT_PER_ENDPOINT);
      // Each job logs its attempt after the receiver answered: wait for the last log rows.
      const delivered = await until(async () => {
        const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
        return rows.length >= ids.length ? rows : undefined;
      });
      expect(new Set(delivered.filter((d) => d.outcome === "delivered").map((d) => d.eventId))).toEqual(new Set(ids));
    },
  );

  it(
    "an endpoint failing for 3 days is disabled, audited and listed for staff; nothing more is sent to it",
    { timeout: 40_000 },
    async () => {
      const { id } = await addEndpoint(
        { url: receiverUrl.replace(/\/hooks$/, "/down"), events: ["connection.reconnected"] },
        { label: "test" },
      );
      const { workspace } = await createWorkspace();
      const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
      // Failing since just under 3 days: this failure keeps it enabled (and schedules a retry).
      await db()
        .update(webhookEndpoints)
        .set({ failingSince: new Date(Date.now() - DISABLE_AFTER_FAILING_MS + 3_600_000) })
        .where(eq(webhookEndpoints.id, id));
      const first = await db().transaction((tx) => recordConnectionEvent(tx, "connection.reconnected", connection.id));
      const retrying = await until(
        async () => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, first)))[0],
      );
      expect(retrying).toMatchObject({ status: 503, outcome: "retrying" });
      expect((await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!.disabledAt).toBeNull();

      // Failing for 3 days and a minute: the next failure disables it.
      await db()
        .update(webhookEndpoints)
        .set({ failingSince: new Date(Date.now() - DISABLE_AFTER_FAILING_MS - 60_000) })
        .where(eq(webhookEndpoints.id, id));
      const second = await db().transaction((tx) => recordConnectionEvent(tx, "connection.reconnected", connection.id));
      const [row] = await until(async () => {
        const rows = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
        return rows[0]?.disabledAt ? rows : undefined;
      });
      expect(row!.disabledReason).toMatch(/^Failing since .*: disabled after 3 days$/);
      expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, second))).toMatchObject([
        { status: 503, outcome: "failed" },
      ]);
      const audits = await db().select().from(auditEvents).where(eq(auditEvents.action, "webhook.endpoint_disabled"));
      expect(audits.filter((a) => a.detail.endpointId === id)).toHaveLength(1);
      expect((await listDisabledByFailure()).map((e) => e.id)).toContain(id);

      // Disabled: a new event queues nothing for it.
      const third = await db().transaction((tx) => recordConnectionEvent(tx, "connection.reconnected", connection.id));
      await sleep(3000);
      expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, third))).toEqual([]);
    },
  );

  it("SSRF: production refuses http, private, loopback, link-local, ULA and metadata addresses", () => {
    expect(() => checkEndpointUrl("http://example.com/x", true)).toThrow(/https/);
    for (const a of [
      "10.1.2.3",
      "127.0.0.1",
      "169.254.169.254",
      "172.16.5.5",
      "192.168.1.1",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "100.64.0.1",
    ])
      expect(allowsAddress(a, true), a).toBe(false);
    expect(allowsAddress("93.184.216.34", true)).toBe(true);
    expect(allowsAddress("127.0.0.1", false)).toBe(true);
    expect(allowsAddress("10.1.2.3", false)).toBe(false);
  });
});
