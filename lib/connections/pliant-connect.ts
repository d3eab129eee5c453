import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { ACTIVATE_AUTHORIZATION_PATH, authorizationPath } from "@/lib/providers/pliant/config";
import { actorOf, recordAudit } from "./audit";
import { consumePliantEntry, entryRedirect, markEntry, organizationName, type PliantEntry } from "./pliant-entries";
import { withStatus } from "./pliant-redirect-url";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";
import { pliantFetch } from "./pliant-token";

/** Where the admin goes next: back to Pliant with a status, or (entry gone) the confirm page's own message. */
export type Decision = { location: string } | { refused: "entry-unavailable" };

const back = (entry: PliantEntry, status: "success" | "error"): Decision => {
  const url = entryRedirect(entry);
  return { location: url ? withStatus(url, status) : `/dashboard?notice=${status === "success" ? "pliant-connected" : "pliant-failed"}` };
};

/** Put the organization in the admin's workspace as `pending`; refuse when another workspace holds it. */
async function claimConnection(user: AdminUser, entry: PliantEntry): Promise<{ id: string; wasConnected: boolean } | "elsewhere"> {
  return db().transaction(async (tx) => {
    const org = entry.organizationId;
    await tx
      .insert(connections)
      .values({ workspaceId: user.workspaceId, provider: "pliant", externalId: org, status: "pending", connectedByUserId: user.id })
      .onConflictDoNothing({ target: [connections.provider, connections.externalId] });
    const [row] = await tx.select().from(connections).where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org))).for("update");
    if (row!.workspaceId !== user.workspaceId) {
      await recordAudit(tx, { action: "connection.refused", actor: actorOf(user), workspaceId: user.workspaceId, detail: { provider: "pliant", organizationId: org, reason: "connected to another workspace" } });
      return "elsewhere" as const;
    }
    // Reconnecting (e.g. after a revocation) reuses the same row.
    await tx.update(connections).set({ status: "pending", statusReason: null, connectedByUserId: user.id, remoteRevocationPending: false }).where(eq(connections.id, row!.id));
    return { id: row!.id, wasConnected: row!.connectedAt !== null };
  });
}

/** Activate Organization Authorization: the step without which Pliant considers nothing connected. */
async function activate(organizationId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const response = await pliantFetch(authorizationPath(ACTIVATE_AUTHORIZATION_PATH, organizationId), { method: "POST" });
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    return { ok: false, reason: `Pliant refused to activate the authorization (HTTP ${response.status}). Start again from Pliant.` };
  } catch (error) {
    log.warn("pliant.activate.failed", { organizationId, error: error instanceof Error ? error.name : "unknown" });
    const reason = error instanceof ProviderUnavailable ? "Pliant could not be reached to activate the authorization." : "Activating the authorization in Pliant failed.";
    return { ok: false, reason: `${reason} Start again from Pliant.` };
  }
}

/** Approve: link the organization to the admin's workspace, activate it in Pliant, send the admin back. */
export async function approvePliantEntry(user: AdminUser, entryId: string): Promise<Decision> {
  const entry = await consumePliantEntry(entryId, user.id, "approved");
  if (!entry) return { refused: "entry-unavailable" };
  const claim = await claimConnection(user, entry);
  if (claim === "elsewhere") {
    await markEntry(entry.id, { status: "failed" });
    return back(entry, "error");
  }
  await markEntry(entry.id, { connectionId: claim.id });
  const actor = actorOf(user);
  const activation = await activate(entry.organizationId);
  if (!activation.ok) {
    await db().transaction(async (tx) => {
      await tx.update(connections).set({ status: "error", statusReason: activation.reason }).where(eq(connections.id, claim.id));
      await recordAudit(tx, { action: "connection.activation_failed", actor, workspaceId: user.workspaceId, connectionId: claim.id, detail: { provider: "pliant", organizationId: entry.organizationId } });
      await recordConnectionEvent(tx, "connection.error", claim.id, { reason: activation.reason });
    });
    await markEntry(entry.id, { status: "failed" });
    return back(entry, "error");
  }
  // After activation Pliant shows us the organization, so its name is known from here on.
  const name = await organizationName(entry.organizationId);
  await db().transaction(async (tx) => {
    await tx
      .update(connections)
      .set({ status: "active", statusReason: null, connectedAt: new Date(), ...(name ? { externalName: name } : {}) })
      .where(eq(connections.id, claim.id));
    await recordAudit(tx, { action: "connection.connected", actor, workspaceId: user.workspaceId, connectionId: claim.id, detail: { provider: "pliant", organizationId: entry.organizationId, signatureVerified: entry.signatureVerified } });
    await recordConnectionEvent(tx, claim.wasConnected ? "connection.reconnected" : "connection.created", claim.id);
  });
  return back(entry, "success");
}

/** Cancel: nothing is linked; Pliant hears `error`, which rolls its side back. */
export async function cancelPliantEntry(user: AdminUser, entryId: string): Promise<Decision> {
  const entry = await consumePliantEntry(entryId, user.id, "cancelled");
  if (!entry) return { refused: "entry-unavailable" };
  log.info("pliant.entry.cancelled", { entryId: entry.id, organizationId: entry.organizationId });
  return back(entry, "error");
}
