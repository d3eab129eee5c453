import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { connectionCredentials, connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { actorOf, recordAudit, type AuditActor } from "./audit";
import { deleteTokens } from "./credentials";
import type { NoticeCode } from "./notices";
import { remoteRevokerFor } from "./remote-revoke";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";

/**
 * Revoke a connection of the admin's own workspace. Locally first: status revoked at once, so no
 * token is served again; then the provider is told. If the provider cannot be reached, the
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
      .set({ status: "revoked", statusReason: `Revoked by ${user.email}`, remoteRevocationPending: remoteRevokerFor(c.provider) !== undefined })
      .where(eq(connections.id, c.id));
    // No access token is served for a revoked connection: the hot path trusts a stored one.
    await tx.update(connectionCredentials).set({ accessToken: null, accessTokenExpiresAt: null }).where(eq(connectionCredentials.connectionId, c.id));
    await recordAudit(tx, { action: "connection.revoked", actor: actorOf(user), workspaceId: c.workspaceId, connectionId: c.id, detail: { provider: c.provider, previousStatus: c.status } });
    await recordConnectionEvent(tx, "connection.revoked", c.id, { revokedBy: "customer" });
    return c;
  });
  if (typeof target === "string") return target;
  const done = await finishRemoteRevocation(target, actorOf(user));
  log.info("connection.revoked", { connectionId: target.id, provider: target.provider, remoteDone: done });
  return done ? "revoked" : "revoked-remote-pending";
}

/** Try the provider side of a revocation; true when finished. Used by revoke and by the sweep. */
export async function finishRemoteRevocation(c: { id: string; provider: "pleo" | "pliant"; externalId: string; workspaceId: string }, actor: AuditActor): Promise<boolean> {
  const revoker = remoteRevokerFor(c.provider);
  try {
    await revoker?.(c);
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) log.error("revoke.remote.failed", { connectionId: c.id, error: error instanceof Error ? error.name : "unknown" });
    await recordAudit(db(), { action: "connection.remote_revocation_pending", actor, workspaceId: c.workspaceId, connectionId: c.id, detail: { reason: error instanceof Error ? error.message : "unknown" } });
    return false;
  }
  await db().transaction(async (tx) => {
    await deleteTokens(tx, c.id);
    await tx.update(connections).set({ remoteRevocationPending: false }).where(eq(connections.id, c.id));
    if (revoker) await recordAudit(tx, { action: "connection.remote_revocation_done", actor, workspaceId: c.workspaceId, connectionId: c.id, detail: { provider: c.provider } });
  });
  return true;
}
