import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { log } from "@/lib/log";
import { ProviderProtocolError, ProviderUnavailable } from "@/lib/providers/errors";
import { actorOf, recordAudit, type AuditActor } from "./audit";
import { deleteTokens, dropAccessToken } from "./credentials";
import type { ProviderName } from "./read/dto";
import type { NoticeCode } from "./notices";
import { providerFor } from "./registry";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";

/**
 * Revoke a connection of the admin's own workspace. Locally first: status revoked at once, so no
 * token is served again; then the provider is told. Every provider can be told (providers/*.ts
 * revokeRemotely), so a revocation starts pending. If the provider cannot be reached, the
 * connection keeps its (encrypted) tokens only so the sweep can finish the remote revocation.
 */
export async function revokeConnection(user: AdminUser, connectionId: string): Promise<NoticeCode> {
  if (!z.uuid().safeParse(connectionId).success) return "connection-not-found";
  const target = await db().transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.workspaceId, user.workspaceId)))
      .for("update");
    if (!c) return "connection-not-found" as const;
    if (c.status === "revoked") return "already-revoked" as const;
    await tx
      .update(connections)
      .set({ status: "revoked", statusReason: `Revoked by ${user.email}`, remoteRevocationPending: true })
      .where(eq(connections.id, c.id));
    // No access token is served for a revoked connection: the hot path trusts a stored one.
    await dropAccessToken(tx, c.id);
    await recordAudit(tx, {
      action: "connection.revoked",
      actor: actorOf(user),
      workspaceId: c.workspaceId,
      connectionId: c.id,
      detail: { provider: c.provider, previousStatus: c.status },
    });
    await recordConnectionEvent(tx, "connection.revoked", c.id, { revokedBy: "customer" });
    return c;
  });
  if (typeof target === "string") return target;
  const remote = await tryRemoteRevocation(target, actorOf(user));
  log.info("connection.revoked", { connectionId: target.id, provider: target.provider, remote });
  return remote === "done" || remote === "superseded"
    ? "revoked"
    : remote === "failed"
      ? "revoked-remote-failed"
      : "revoked-remote-pending";
}

type RevocationTarget = { id: string; provider: ProviderName; externalId: string; workspaceId: string };

/** Try the provider side of a revocation; true when finished (or no longer wanted). Used by the sweep. */
export async function finishRemoteRevocation(c: RevocationTarget, actor: AuditActor): Promise<boolean> {
  const outcome = await tryRemoteRevocation(c, actor);
  return outcome === "done" || outcome === "superseded";
}

/**
 * The provider side of a revocation: "done" (or "superseded": reconnected meanwhile, nothing to
 * revoke), "unavailable" (try later) or "failed" (the provider refused, e.g. a 404 from an assumed
 * path): both of the latter stay pending for the sweep, and the reason is kept on the connection
 * for the dashboard. The connection's row is locked for the whole provider call and re-checked
 * under the lock: a connection reconnected meanwhile (no longer revoked, or nothing pending) is
 * left alone, so its fresh grant is never revoked at the provider. Lock order everywhere:
 * connection, then credentials (revoke, refresh, reconnect, sweep).
 */
async function tryRemoteRevocation(
  c: RevocationTarget,
  actor: AuditActor,
): Promise<"done" | "superseded" | "unavailable" | "failed"> {
  const provider = providerFor(c.provider);
  const outcome = await db().transaction(async (tx) => {
    const [row] = await tx
      .select({ status: connections.status, pending: connections.remoteRevocationPending })
      .from(connections)
      .where(eq(connections.id, c.id))
      .for("update");
    if (!row || row.status !== "revoked" || !row.pending) return "superseded" as const;
    try {
      await provider.revokeRemotely(c, tx);
    } catch (error) {
      if (!(error instanceof ProviderUnavailable))
        log.error("revoke.remote.failed", {
          connectionId: c.id,
          error: error instanceof Error ? error.name : "unknown",
        });
      // Shown on the dashboard and the connection page until a retry succeeds: the reason, not just
      // "pending". Committed with whatever the revoker stored (a rotated refresh token), for the next try.
      const failure = remoteFailure(error);
      await tx.update(connections).set({ remoteRevocationError: failure }).where(eq(connections.id, c.id));
      await recordAudit(tx, {
        action: "connection.remote_revocation_pending",
        actor,
        workspaceId: c.workspaceId,
        connectionId: c.id,
        detail: { reason: failure },
      });
      return error instanceof ProviderUnavailable ? ("unavailable" as const) : ("failed" as const);
    }
    await deleteTokens(tx, c.id);
    await tx
      .update(connections)
      .set({ remoteRevocationPending: false, remoteRevocationError: null })
      .where(eq(connections.id, c.id));
    await recordAudit(tx, {
      action: "connection.remote_revocation_done",
      actor,
      workspaceId: c.workspaceId,
      connectionId: c.id,
      detail: { provider: c.provider },
    });
    return "done" as const;
  });
  if (outcome === "superseded") log.info("revoke.remote.superseded", { connectionId: c.id });
  return outcome;
}

/** A chosen sentence for people: provider errors carry a reason without secrets; anything else is generic. */
function remoteFailure(error: unknown): string {
  if (error instanceof ProviderUnavailable) return `Provider unavailable (${error.reason}); retried by the sweep`;
  if (error instanceof ProviderProtocolError) return `${error.reason}; retried by the sweep`;
  return "The provider call failed; retried by the sweep";
}
