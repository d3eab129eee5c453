import "server-only";
import { and, eq } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { auditEvents, connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { ACTIVATE_AUTHORIZATION_PATH, authorizationPath } from "@/lib/providers/pliant/config";
import { ACTIVATE_AUTHORIZATION, ACTIVATE_SYNC_FROM_DATE } from "@/lib/providers/pliant/contract";
import { pliantOutcome } from "@/lib/providers/pliant/outcome";
import { actorOf, recordAudit } from "../audit";
import { notifyNewConnection } from "../new-connection-notice";
import { entryCookieMatches } from "./entry/browser-binding";
import { consumePliantEntry, entryRedirect, markEntry, organizationName, type PliantEntry } from "./entry/store";
import { withStatus } from "./entry/redirect-url";
import { getWorkspaceSyncFrom, syncFromDate } from "./sync-from";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";
import { pliantFetch } from "./token";

/**
 * Where the admin goes next: back to Pliant with a status, or the confirm page's own message (entry
 * gone, or this browser is not the one the entry is bound to).
 */
export type Decision = { location: string } | { refused: "entry-unavailable" | "other-browser" };

const back = (entry: PliantEntry, status: "success" | "error"): Decision => {
  const url = entryRedirect(entry);
  return {
    location: url
      ? withStatus(url, status)
      : `/dashboard?notice=${status === "success" ? "pliant-connected" : "pliant-failed"}`,
  };
};

/** A pending claim younger than this is an approval in flight elsewhere, and still blocks. */
const IN_FLIGHT_MS = 5 * 60 * 1000;

/**
 * Remove a connection row that holds no grant (a failed or abandoned claim). Its audit events stay
 * in their workspace's history, detached from the row, instead of going with it (cascade).
 */
async function releaseClaim(
  tx: Transaction,
  row: { id: string; workspaceId: string; externalId: string; status: string },
  actor: { userId?: string | null; label: string },
  reason: string,
): Promise<void> {
  await tx.update(auditEvents).set({ connectionId: null }).where(eq(auditEvents.connectionId, row.id));
  await tx.delete(connections).where(eq(connections.id, row.id));
  await recordAudit(tx, {
    action: "connection.claim_released",
    actor,
    workspaceId: row.workspaceId,
    detail: { provider: "pliant", organizationId: row.externalId, previousStatus: row.status, reason },
  });
}

/**
 * Put the organization in the admin's workspace as `pending`. Another workspace's row blocks only
 * while it holds (or held) a grant — active, needs re-authorization, revoked — or is a claim in
 * flight; a failed (`error`) or stale `pending` claim elsewhere is released, so nobody can squat an
 * organization by starting a claim that never activates. `fresh`: this claim created the row.
 */
async function claimConnection(
  user: AdminUser,
  entry: PliantEntry,
): Promise<{ id: string; fresh: boolean; reactivation: boolean } | "elsewhere"> {
  return db().transaction(async (tx) => {
    const org = entry.organizationId;
    const [existing] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)))
      .for("update");
    if (existing && existing.workspaceId !== user.workspaceId) {
      const stale =
        existing.status === "error" ||
        (existing.status === "pending" && existing.updatedAt.getTime() < Date.now() - IN_FLIGHT_MS);
      if (!stale) {
        await recordAudit(tx, {
          action: "connection.refused",
          actor: actorOf(user),
          workspaceId: user.workspaceId,
          detail: { provider: "pliant", organizationId: org, reason: "connected to another workspace" },
        });
        return "elsewhere" as const;
      }
      await releaseClaim(
        tx,
        existing,
        actorOf(user),
        "claimed by another workspace after a claim that never activated",
      );
    }
    if (existing && existing.workspaceId === user.workspaceId) {
      // Reconnecting (e.g. after a revocation) reuses the same row.
      await tx
        .update(connections)
        .set({
          status: "pending",
          statusReason: null,
          connectedByUserId: user.id,
          remoteRevocationPending: false,
          remoteRevocationError: null,
        })
        .where(eq(connections.id, existing.id));
      // Activated before (then revoked or disconnected): Pliant keeps the syncFromDate it was given.
      return { id: existing.id, fresh: false, reactivation: existing.connectedAt !== null };
    }
    const [row] = await tx
      .insert(connections)
      .values({
        workspaceId: user.workspaceId,
        provider: "pliant",
        externalId: org,
        status: "pending",
        connectedByUserId: user.id,
      })
      .returning({ id: connections.id });
    return { id: row!.id, fresh: true, reactivation: false };
  });
}

type Activation = { ok: true; status: number } | { ok: false; reason: string };

/**
 * Activate Organization Authorization: the step without which Pliant considers nothing connected.
 * `syncFromDate` (optional) limits the data Pliant sends to entities created from that day on.
 */
async function activate(organizationId: string, syncFrom: string | undefined): Promise<Activation> {
  try {
    const init: RequestInit = syncFrom
      ? {
          method: ACTIVATE_AUTHORIZATION.value.method,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ [ACTIVATE_SYNC_FROM_DATE.value.field]: syncFrom }),
        }
      : { method: ACTIVATE_AUTHORIZATION.value.method };
    const response = await pliantFetch(authorizationPath(ACTIVATE_AUTHORIZATION_PATH, organizationId), init);
    await response.body?.cancel();
    const outcome = pliantOutcome(response.status);
    // 202: accepted and completed asynchronously by Pliant; 204: done, nothing to return.
    if (outcome.kind === "done" || outcome.kind === "accepted" || outcome.kind === "no_content")
      return { ok: true, status: response.status };
    if (outcome.kind === "locked")
      return {
        ok: false,
        reason: "Pliant reports the organization as locked right now (HTTP 409). Start again from Pliant in a moment.",
      };
    if (outcome.kind === "unavailable")
      return {
        ok: false,
        reason: "Pliant could not be reached to activate the authorization. Start again from Pliant.",
      };
    return {
      ok: false,
      reason: `Pliant refused to activate the authorization (HTTP ${response.status}). Start again from Pliant.`,
    };
  } catch (error) {
    log.warn("pliant.activate.failed", { organizationId, error: error instanceof Error ? error.name : "unknown" });
    const reason =
      error instanceof ProviderUnavailable
        ? "Pliant could not be reached to activate the authorization."
        : "Activating the authorization in Pliant failed.";
    return { ok: false, reason: `${reason} Start again from Pliant.` };
  }
}

/**
 * Approve: link the organization to the admin's workspace, activate it in Pliant, send the admin back.
 * `entryCookie`: the binding cookie the browser sent; without the entry's own, nothing is decided.
 */
export async function approvePliantEntry(
  user: AdminUser,
  entryId: string,
  entryCookie: string | undefined,
): Promise<Decision> {
  if (!entryCookieMatches(entryId, entryCookie)) return { refused: "other-browser" };
  const entry = await consumePliantEntry(entryId, user.id, "approved");
  if (!entry) return { refused: "entry-unavailable" };
  const claim = await claimConnection(user, entry);
  if (claim === "elsewhere") {
    await markEntry(entry.id, { status: "failed" });
    return back(entry, "error");
  }
  await markEntry(entry.id, { connectionId: claim.id });
  const actor = actorOf(user);
  const syncFrom = claim.reactivation
    ? undefined
    : syncFromDate(await getWorkspaceSyncFrom(user.workspaceId), new Date());
  const activation = await activate(entry.organizationId, syncFrom);
  if (!activation.ok) {
    await db().transaction(async (tx) => {
      await recordAudit(tx, {
        action: "connection.activation_failed",
        actor,
        workspaceId: user.workspaceId,
        connectionId: claim.id,
        detail: { provider: "pliant", organizationId: entry.organizationId, reason: activation.reason },
      });
      const [row] = await tx.select().from(connections).where(eq(connections.id, claim.id)).for("update");
      // A fresh claim that never activated is removed: it must not hold the organization here (and
      // the partner's backend never heard of it). A reconnect that fails stays, in error, and is told.
      if (claim.fresh && row?.status === "pending") await releaseClaim(tx, row, actor, "activation failed");
      else {
        await tx
          .update(connections)
          .set({ status: "error", statusReason: activation.reason })
          .where(eq(connections.id, claim.id));
        await recordConnectionEvent(tx, "connection.error", claim.id, { reason: activation.reason });
      }
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
    await recordAudit(tx, {
      action: "connection.connected",
      actor,
      workspaceId: user.workspaceId,
      connectionId: claim.id,
      detail: {
        provider: "pliant",
        organizationId: entry.organizationId,
        signatureVerified: entry.signatureVerified,
        activateStatus: activation.status,
        syncFromDate: syncFrom ?? (claim.reactivation ? "kept by Pliant" : "Pliant default"),
      },
    });
    await notifyNewConnection(tx, {
      workspaceId: user.workspaceId,
      connectionId: claim.id,
      provider: "pliant",
      name: name ?? null,
      actor,
    });
    await recordConnectionEvent(tx, claim.reactivation ? "connection.reconnected" : "connection.created", claim.id);
  });
  return back(entry, "success");
}

/** Cancel: nothing is linked; Pliant hears `error`, which rolls its side back. Bound to the browser as Approve. */
export async function cancelPliantEntry(
  user: AdminUser,
  entryId: string,
  entryCookie: string | undefined,
): Promise<Decision> {
  if (!entryCookieMatches(entryId, entryCookie)) return { refused: "other-browser" };
  const entry = await consumePliantEntry(entryId, user.id, "cancelled");
  if (!entry) return { refused: "entry-unavailable" };
  log.info("pliant.entry.cancelled", { entryId: entry.id, organizationId: entry.organizationId });
  return back(entry, "error");
}
