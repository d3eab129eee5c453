import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { connectionEmails, users } from "@/db/schema";
import type { ProviderName } from "@/lib/connections/read/dto";
import { providerFor } from "@/lib/connections/registry";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import type { BrokenReason } from "./messages";
import { queueMail } from "./send";

/**
 * Emails that bring customers back (issue #15, docs/decisions/082): when a connection needs its
 * workspace's admins — re-authorization needed, revoked at the provider, activation failed — each
 * active admin gets one mail with a Reconnect link, and reminders after 3 and 7 days while nothing
 * changed. Every mail is claimed in connection_emails (event, kind, admin) in the transaction that
 * queues it, so a retried dispatch or a second reminder run never sends it twice.
 */

export type ConnectionEmailKind = "notice" | "reminder-3d" | "reminder-7d";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Reminders after these many days; each is sent only in its window (a 7-day one up to day 10), so
 * connections broken long before this feature, or while no worker ran, are not mailed out of the blue. */
export const REMINDERS = [
  { kind: "reminder-3d", days: 3, untilDays: 7 },
  { kind: "reminder-7d", days: 7, untilDays: 10 },
] as const;

/** An outbox event that still describes its connection: the latest one, and the state it reported. */
type Unresolved = {
  eventId: string;
  createdAt: Date;
  reason: BrokenReason;
  connectionId: string;
  workspaceId: string;
  workspaceName: string;
  provider: ProviderName;
  externalId: string;
  externalName: string | null;
};

/**
 * The events a customer admin must act on, still unresolved: each is its connection's newest event
 * and the connection is still in the state the event reported (a reconnect, a revocation in the
 * portal or any later event ends it). Revocations count only when the customer revoked at the
 * provider: one done in the portal or by staff was meant.
 */
async function unresolvedEvents(tx: Transaction, where: SQL, connectionId?: string): Promise<Unresolved[]> {
  const { rows } = await tx.execute<{
    event_id: string;
    created_at: Date | string;
    type: string;
    connection_id: string;
    workspace_id: string;
    workspace_name: string;
    provider: ProviderName;
    external_id: string;
    external_name: string | null;
  }>(sql`
    with latest as (
      select distinct on (e.connection_id) e.id, e.type, e.created_at, e.payload, e.connection_id
      from webhook_events e
      join connections c on c.id = e.connection_id
      where c.status in ('needs_reauth', 'revoked', 'error') ${connectionId ? sql`and c.id = ${connectionId}` : sql``}
      order by e.connection_id, e.created_at desc, e.id desc
    )
    select l.id as event_id, l.created_at, l.type, c.id as connection_id, c.workspace_id, w.name as workspace_name,
           c.provider, c.external_id, c.external_name
    from latest l
    join connections c on c.id = l.connection_id
    join workspaces w on w.id = c.workspace_id
    where ((l.type = 'connection.needs_reauth' and c.status = 'needs_reauth')
        or (l.type = 'connection.error' and c.status = 'error')
        or (l.type = 'connection.revoked' and c.status = 'revoked' and l.payload -> 'data' ->> 'revokedBy' = 'customer_at_provider'))
      and ${where}
  `);
  return rows.map((r) => ({
    eventId: r.event_id,
    createdAt: new Date(r.created_at),
    reason: r.type === "connection.needs_reauth" ? "needs_reauth" : r.type === "connection.error" ? "error" : "revoked",
    connectionId: r.connection_id,
    workspaceId: r.workspace_id,
    workspaceName: r.workspace_name,
    provider: r.provider,
    externalId: r.external_id,
    externalName: r.external_name,
  }));
}

/** Queue one kind of mail about one event to each active admin of its workspace not yet mailed. */
async function queueToAdmins(
  tx: Transaction,
  event: Unresolved,
  kind: ConnectionEmailKind,
  reminderDays: number | null,
): Promise<number> {
  const admins = await tx
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(
      and(eq(users.role, "customer_admin"), eq(users.workspaceId, event.workspaceId), isNull(users.deactivatedAt)),
    );
  if (admins.length === 0) return 0;
  const claimed = await tx
    .insert(connectionEmails)
    .values(admins.map((a) => ({ eventId: event.eventId, kind, userId: a.id, connectionId: event.connectionId })))
    .onConflictDoNothing()
    .returning({ userId: connectionEmails.userId });
  const provider = providerFor(event.provider);
  const link = provider.reconnectUrl({ id: event.connectionId, externalId: event.externalId });
  for (const { userId } of claimed) {
    const admin = admins.find((a) => a.id === userId)!;
    await queueMail(
      {
        template: "connectionBroken",
        to: admin.email,
        locale: isLocale(admin.locale) ? admin.locale : DEFAULT_LOCALE,
        reason: event.reason,
        provider: provider.label,
        account: event.externalName ?? event.externalId,
        workspace: event.workspaceName,
        link,
        reminderDays,
      },
      { tx },
    );
  }
  return claimed.length;
}

/** The first mail about an outbox event (called by notifyConnectionEvent); returns mails queued. */
export async function queueConnectionNotice(eventId: string, connectionId: string): Promise<number> {
  return db().transaction(async (tx) => {
    const [event] = await unresolvedEvents(tx, sql`l.id = ${eventId}`, connectionId);
    // Resolved meanwhile (reconnected before the dispatcher ran), or not one for the customer.
    if (!event) return 0;
    return queueToAdmins(tx, event, "notice", null);
  });
}

/** Reminders due at `now` (the scheduled job passes the clock; tests move it). */
export async function runConnectionReminders(now = new Date()): Promise<{ events: number; mails: number }> {
  let events = 0;
  let mails = 0;
  for (const reminder of REMINDERS) {
    const from = new Date(now.getTime() - reminder.untilDays * DAY_MS);
    const to = new Date(now.getTime() - reminder.days * DAY_MS);
    const due = await db().transaction((tx) =>
      unresolvedEvents(tx, sql`l.created_at > ${from.toISOString()} and l.created_at <= ${to.toISOString()}`),
    );
    for (const event of due) {
      // One transaction per event: a failure leaves the others queued, and the retry finds them claimed.
      const queued = await db().transaction(async (tx) => queueToAdmins(tx, event, reminder.kind, reminder.days));
      if (queued > 0) events += 1;
      mails += queued;
    }
  }
  return { events, mails };
}

/** How many items the digest lists; the rest is a count and the dashboard link. */
export const DIGEST_ITEMS = 25;
/** The digest goes out from this UTC hour on (07:00–08:00 in most of Europe), not in the night. */
export const DIGEST_FROM_HOUR_UTC = 6;

/**
 * The daily digest for partner staff: connections needing re-authorization or failed to activate.
 * Nothing broken, no mail. Sent from DIGEST_FROM_HOUR_UTC on; each staff member's day is claimed (users.digest_sent_on) in the
 * transaction that queues their mail: one digest per UTC day however often the job runs.
 */
export async function runBrokenDigest(now = new Date()): Promise<{ broken: number; mails: number }> {
  if (now.getUTCHours() < DIGEST_FROM_HOUR_UTC) return { broken: 0, mails: 0 };
  const day = now.toISOString().slice(0, 10);
  const { rows } = await db().execute<{
    provider: ProviderName;
    account: string;
    workspace: string;
    status: "needs_reauth" | "error";
    total: number;
  }>(sql`
    select c.provider, coalesce(c.external_name, c.external_id) as account, w.name as workspace, c.status, count(*) over ()::int as total
    from connections c join workspaces w on w.id = c.workspace_id
    where c.status in ('needs_reauth', 'error')
    order by c.updated_at desc, c.id
    limit ${DIGEST_ITEMS}
  `);
  const broken = rows[0]?.total ?? 0;
  if (broken === 0) return { broken, mails: 0 };
  const items = rows.map((r) => ({
    provider: providerFor(r.provider).label,
    account: r.account,
    workspace: r.workspace,
    status: r.status,
  }));
  const link = `${env().APP_URL}/dashboard`;
  const staff = await db()
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.role, "partner_staff"),
        isNull(users.deactivatedAt),
        eq(users.emailDigest, true),
        sql`${users.digestSentOn} is distinct from ${day}`,
      ),
    );
  let mails = 0;
  for (const { id } of staff) {
    mails += await db().transaction(async (tx) => {
      const [claimed] = await tx
        .update(users)
        .set({ digestSentOn: day })
        .where(
          and(
            eq(users.id, id),
            eq(users.role, "partner_staff"),
            isNull(users.deactivatedAt),
            eq(users.emailDigest, true),
            sql`${users.digestSentOn} is distinct from ${day}`,
          ),
        )
        .returning({ email: users.email, locale: users.locale });
      if (!claimed) return 0;
      await queueMail(
        {
          template: "brokenDigest",
          to: claimed.email,
          locale: isLocale(claimed.locale) ? claimed.locale : DEFAULT_LOCALE,
          items,
          more: broken - items.length,
          link,
        },
        { tx },
      );
      return 1;
    });
  }
  return { broken, mails };
}
