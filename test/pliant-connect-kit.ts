import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { auditEvents, connections, pliantEntries, providerTokens } from "@/db/schema";
import { approvePliantEntry } from "@/lib/connections/pliant/approve";
import { acceptPliantLogin } from "@/lib/connections/pliant/entry/accept";
import { endPliantCoolDown } from "@/lib/providers/pliant/rate-limit";
import { createAdmin, startAuthorization } from "./pliant-fixtures";
import type { useSandbox } from "./sandbox";

/**
 * What the Pliant token, connect, reconcile and revocation tests share (each file on its own
 * database): a fresh start before each test, and both sides of a connection — the portal's row and
 * audit trail, Pliant's authorization.
 */
export function pliantConnectKit(sandbox: ReturnType<typeof useSandbox>) {
  /** Before each test: the sandbox reset, no cool-down, no token row, no Pliant connections or entries. */
  async function reset() {
    await sandbox.pliant.reset();
    endPliantCoolDown();
    // A fresh token state: no row at all.
    await db().delete(providerTokens).where(eq(providerTokens.provider, "pliant"));
    await db().delete(connections).where(eq(connections.provider, "pliant"));
    // The reset also rewinds the sandbox's clock, so its signed links can repeat those of an earlier test.
    await db()
      .delete(pliantEntries)
      .where(sql`true`);
  }

  type Authorization = { organizationId: string; status: string; syncFromDate: string | null };
  const authorizationIn = async (id: string) =>
    ((await sandbox.pliant.get("authorizations")) as { authorizations: Authorization[] }).authorizations.find(
      (a) => a.organizationId === id,
    )!;
  const statusInPliant = async (id: string) => (await authorizationIn(id)).status;
  const syncFromInPliant = async (id: string) => (await authorizationIn(id)).syncFromDate;

  const connectionOf = async (org: string) =>
    (
      await db()
        .select()
        .from(connections)
        .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)))
    )[0];
  const actionsOf = async (id: string) =>
    (await db().select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.connectionId, id))).map(
      (r) => r.a,
    );

  /** Pliant sends the admin to /login for `org`, and the admin approves. */
  async function approve(user: Awaited<ReturnType<typeof createAdmin>>, org: string) {
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error(`entry ${entry.kind}`);
    return approvePliantEntry(user, entry.entryId, entry.cookie);
  }

  return { reset, statusInPliant, syncFromInPliant, connectionOf, actionsOf, approve };
}
