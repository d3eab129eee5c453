import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { connectionEmails, connections, users, webhookEvents } from "@/db/schema";
import { getPleoAccessToken } from "@/lib/connections/pleo/tokens";
import { closeQueue } from "@/lib/jobs/queue";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { webhookDispatchJob } from "@/lib/webhooks/dispatch-job";
import { notifyConnectionEvent } from "@/lib/webhooks/notify";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";
import { startMailCatcher, type RunningMailCatcher } from "@/sandbox/mail/server";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { useSandbox } from "@/test/sandbox";
import { createInvitation } from "@/lib/people/invitations";
import { requestPasswordReset } from "@/lib/people/password-resets";
import { runBrokenDigest, runConnectionReminders } from "./connection-emails";
import { mailSendJob } from "./send-job";

// Real PostgreSQL (this file's own database), the sandbox Pleo, a real SMTP mail catcher and a real
// worker running the dispatcher and the mail job: what the mailbox receives is what is checked.
const sandbox = useSandbox();
let catcher: RunningMailCatcher;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, log: () => {} });
  process.env.SMTP_URL = catcher.smtpUrl;
  worker = await startWorker({
    jobs: [webhookDispatchJob, mailSendJob] as never,
    pollingIntervalSeconds: 0.5,
    retryDelaySeconds: 1,
  });
});
afterAll(async () => {
  await worker?.stop();
  await closeQueue();
  await catcher?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 24 * 60 * 60 * 1000;
/** No mail-send job left to run: everything queued so far has been delivered (or failed). */
async function queueDrained(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name in ('mail-send', 'webhook-dispatch') and state in ('created', 'retry', 'active')`,
    );
    if (rows[0]!.n === 0) return;
    await sleep(100);
  }
  throw new Error("the queue did not drain");
}
const mailsTo = (email: string) => catcher.inbox.list(email);
async function remindersOf(eventId: string): Promise<number> {
  const { rows } = await db().execute<{ n: number }>(
    sql`select count(*)::int as n from connection_emails where event_id = ${eventId} and kind like 'reminder-%'`,
  );
  return rows[0]!.n;
}

async function addUser(values: {
  role: "customer_admin" | "partner_staff";
  workspaceId?: string;
  locale?: string | null;
  deactivated?: boolean;
  emailDigest?: boolean;
}) {
  const [u] = await db()
    .insert(users)
    .values({
      email: `${randomUUID()}@${values.role === "partner_staff" ? "staff" : "admin"}.test`,
      role: values.role,
      workspaceId: values.workspaceId ?? null,
      locale: values.locale ?? null,
      deactivatedAt: values.deactivated ? new Date() : null,
      emailDigest: values.emailDigest ?? true,
    })
    .returning();
  return u!;
}

/** A connection of a fresh workspace that Pleo stopped accepting, through the real refresh path. */
async function brokenPleoConnection() {
  const { workspace, admin } = await createWorkspace();
  await db().update(users).set({ locale: "de" }).where(eq(users.id, admin.id));
  const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
  await sandbox.pleo.post("grants/revoke", { subject: "urn:pleo:company:3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11" });
  await expect(getPleoAccessToken(connection.id)).rejects.toThrow();
  const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.connectionId, connection.id));
  expect(event!.type).toBe("connection.needs_reauth");
  return { workspace, admin, connection, event: event! };
}

describe("connection emails (real PostgreSQL, worker, SMTP)", () => {
  it("needs re-authorization → each active admin of that workspace, in their language, with the Reconnect link; nobody else; a retried dispatch sends nothing again", async () => {
    // Set up before the break: a French co-admin, a deactivated admin, another workspace's admin, staff.
    const other = await createWorkspace();
    const staff = await addUser({ role: "partner_staff" });
    const { admin, connection, event } = await brokenPleoConnection();
    await queueDrained();
    const german = mailsTo(admin.email);
    expect(german).toHaveLength(1);
    expect(german[0]!.subject).toBe("Handlung nötig: Pleo für Fixture company neu verbinden");
    expect(german[0]!.text).toContain("Neu verbinden: http://localhost:3000/connect/pleo?connection=" + connection.id);
    expect(mailsTo(other.admin.email)).toHaveLength(0);
    expect(mailsTo(staff.email)).toHaveLength(0);

    // The dispatcher retried (its webhooks failed, say): the same event is noticed again.
    await notifyConnectionEvent({
      id: event.id,
      type: "connection.needs_reauth",
      connectionId: connection.id,
      payload: event.payload,
    });
    await queueDrained();
    expect(mailsTo(admin.email)).toHaveLength(1);
    expect(await db().select().from(connectionEmails).where(eq(connectionEmails.eventId, event.id))).toHaveLength(1);
  });

  it("several admins: active ones only, each in their saved language; the revocation the customer made in the portal mails nobody", async () => {
    const { workspace, admin } = await createWorkspace();
    const french = await addUser({ role: "customer_admin", workspaceId: workspace.id, locale: "fr" });
    const gone = await addUser({ role: "customer_admin", workspaceId: workspace.id, locale: "sv", deactivated: true });
    const [c] = await db()
      .insert(connections)
      .values({
        workspaceId: workspace.id,
        provider: "pleo",
        externalId: `fx-${randomUUID()}`,
        externalName: "Fjord AS",
        status: "active",
      })
      .returning();
    await db().transaction(async (tx) => {
      await tx.update(connections).set({ status: "revoked" }).where(eq(connections.id, c!.id));
      await recordConnectionEvent(tx, "connection.revoked", c!.id, { revokedBy: "customer" });
    });
    await queueDrained();
    expect(mailsTo(admin.email)).toHaveLength(0);

    await db().transaction(async (tx) => {
      await tx.update(connections).set({ status: "error" }).where(eq(connections.id, c!.id));
      await recordConnectionEvent(tx, "connection.error", c!.id, { reason: "activation failed" });
    });
    await queueDrained();
    expect(mailsTo(admin.email).map((m) => m.subject)).toEqual(["Action needed: reconnect Pleo for Fjord AS"]);
    expect(mailsTo(admin.email)[0]!.text).toContain("could not be activated");
    expect(mailsTo(french.email).map((m) => m.subject)).toEqual(["Action requise : reconnectez Pleo pour Fjord AS"]);
    expect(mailsTo(gone.email)).toHaveLength(0);
  });

  it("reminders at 3 and 7 days, once each, only while unresolved", async () => {
    const { admin, connection, event } = await brokenPleoConnection();
    await queueDrained();
    expect(mailsTo(admin.email)).toHaveLength(1);
    const at = event.createdAt.getTime();
    // Other tests' connections are unresolved too: count this event's reminders only.
    const remindersAt = async (days: number) => {
      const before = await remindersOf(event.id);
      await runConnectionReminders(new Date(at + days * DAY));
      return (await remindersOf(event.id)) - before;
    };

    expect(await remindersAt(2.9)).toBe(0);
    expect(await remindersAt(3.01)).toBe(1);
    expect(await remindersAt(3.5)).toBe(0);
    expect(await remindersAt(6.9)).toBe(0);
    expect(await remindersAt(7.01)).toBe(1);
    expect(await remindersAt(7.5)).toBe(0);
    expect(await remindersAt(9)).toBe(0);
    await queueDrained();
    const subjects = mailsTo(admin.email).map((m) => m.subject);
    expect(subjects).toEqual([
      "Erinnerung: Pleo für Fixture company neu verbinden",
      "Erinnerung: Pleo für Fixture company neu verbinden",
      "Handlung nötig: Pleo für Fixture company neu verbinden",
    ]);
    expect(mailsTo(admin.email)[0]!.text).toContain("seit 7 Tagen");
    expect(mailsTo(admin.email)[1]!.text).toContain("seit 3 Tagen");

    // The same in the database's own time: the event moved 3 days back, the real clock.
    const second = await brokenPleoConnection();
    await db()
      .update(webhookEvents)
      .set({ createdAt: sql`now() - interval '3 days 1 minute'` })
      .where(eq(webhookEvents.id, second.event.id));
    await runConnectionReminders();
    await runConnectionReminders();
    expect(await remindersOf(second.event.id)).toBe(1);

    // Reconnected (the status changed, or any later event): no reminder for the old event.
    const third = await brokenPleoConnection();
    await db().update(connections).set({ status: "active" }).where(eq(connections.id, third.connection.id));
    await runConnectionReminders(new Date(third.event.createdAt.getTime() + 3.01 * DAY));
    expect(await remindersOf(third.event.id)).toBe(0);
    expect(await remindersOf(event.id)).toBe(2);
    void connection;
  });
});

describe("daily digest for partner staff", () => {
  const morning = (day: string) => new Date(`${day}T07:00:00Z`);

  it("nothing broken → no digest; broken → one per opted-in active staff member per day, in their language", async () => {
    await db()
      .update(connections)
      .set({ status: "active" })
      .where(sql`status in ('needs_reauth', 'error')`);
    const on = await addUser({ role: "partner_staff", locale: "sv" });
    const off = await addUser({ role: "partner_staff", emailDigest: false });
    const gone = await addUser({ role: "partner_staff", deactivated: true });
    expect(await runBrokenDigest(morning("2026-11-20"))).toEqual({ broken: 0, mails: 0 });

    const { workspace } = await createWorkspace("Digest Workspace " + randomUUID().slice(0, 8));
    await db().insert(connections).values({
      workspaceId: workspace.id,
      provider: "pliant",
      externalId: randomUUID(),
      externalName: "Digest Org",
      status: "needs_reauth",
    });
    expect((await runBrokenDigest(new Date("2026-11-21T03:00:00Z"))).mails).toBe(0);
    const first = await runBrokenDigest(morning("2026-11-21"));
    expect(first.broken).toBe(1);
    expect((await runBrokenDigest(morning("2026-11-21"))).mails).toBe(0);
    expect((await runBrokenDigest(morning("2026-11-22"))).mails).toBeGreaterThanOrEqual(1);
    await queueDrained();
    const got = mailsTo(on.email);
    expect(got.map((m) => m.subject)).toEqual([
      "1 anslutning behöver uppmärksamhet",
      "1 anslutning behöver uppmärksamhet",
    ]);
    expect(got[0]!.text).toContain("Pliant · Digest Org (Digest Workspace");
    expect(got[0]!.text).toContain("http://localhost:3000/dashboard");
    expect(mailsTo(off.email)).toHaveLength(0);
    expect(mailsTo(gone.email)).toHaveLength(0);
  });
});

describe("invitations and password resets go through the queue", () => {
  it("the mail arrives from the worker; its link is nowhere readable in the queue's tables; a refused invitation queues nothing", async () => {
    const staff = await addUser({ role: "partner_staff" });
    const actor = {
      id: staff.id,
      email: staff.email,
      name: null,
      role: "partner_staff" as const,
      workspaceId: null,
      workspaceName: null,
    };
    const invitee = `${randomUUID()}@invitee.test`;
    await createInvitation(actor, { email: invitee, role: "partner_staff", workspaceId: null }, "da");
    await queueDrained();
    const [mail] = mailsTo(invitee);
    expect(mail!.subject).toBe("Du er inviteret til Partner Connect Portal");
    const link = mail!.links.find((l) => l.includes("/invite/"))!;
    const token = link.split("/invite/")[1]!;
    // pg-boss keeps finished jobs (and archives them): the sealed payload never shows the token.
    const { rows } = await db().execute<{ n: number }>(
      sql`select (select count(*) from pgboss.job where data::text like ${`%${token}%`}) + (select count(*) from pgboss.archive where data::text like ${`%${token}%`})::int as n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);

    // Already invited: refused inside the transaction, so no second mail job exists.
    const jobs = async () =>
      Number(
        (await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'mail-send'`))
          .rows[0]!.n,
      );
    const before = await jobs();
    await expect(
      createInvitation(actor, { email: invitee, role: "partner_staff", workspaceId: null }, "da"),
    ).rejects.toThrow();
    expect(await jobs()).toBe(before);

    await requestPasswordReset(staff.email, "198.51.100.7", "en");
    await queueDrained();
    expect(mailsTo(staff.email).map((m) => m.subject)).toContain("Reset your Partner Connect Portal password");
  });
});
