import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { log } from "@/lib/log";
import { recordAudit, type AuditActor } from "../audit";
import { pliantFetch } from "./token";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";

export const REVOKED_IN_PLIANT = "Revoked in Pliant";

/**
 * Pliant withdrew our access to an organization (the admin revoked it there): mark its live
 * connection revoked, once, with an audit event. Returns true when a connection changed.
 */
export async function markRevokedInPliant(
  organizationId: string,
  actor: AuditActor,
  detail: Record<string, unknown>,
): Promise<boolean> {
  return db().transaction(async (tx) => {
    const [changed] = await tx
      .update(connections)
      .set({ status: "revoked", statusReason: REVOKED_IN_PLIANT, remoteRevocationPending: false })
      .where(
        and(
          eq(connections.provider, "pliant"),
          eq(connections.externalId, organizationId),
          eq(connections.status, "active"),
        ),
      )
      .returning({ id: connections.id, workspaceId: connections.workspaceId });
    if (!changed) return false;
    await recordAudit(tx, {
      action: "connection.revoked_remotely",
      actor,
      workspaceId: changed.workspaceId,
      connectionId: changed.id,
      detail: { provider: "pliant", ...detail },
    });
    await recordConnectionEvent(tx, "connection.revoked", changed.id, { revokedBy: "customer_at_provider" });
    log.info("pliant.revoked_remotely", { connectionId: changed.id, ...detail });
    return true;
  });
}

/**
 * An organization-scoped call (e.g. GET /transactions?organizationId=…). pliantFetch has already
 * renewed the token on a 401, so a 401 or 403 here is about the organization: access was revoked.
 */
export async function pliantOrganizationFetch(
  organizationId: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const response = await pliantFetch(path, init);
  if (response.status === 401 || response.status === 403) {
    await markRevokedInPliant(
      organizationId,
      { label: "pliant" },
      { status: response.status, call: path.split("?")[0] },
    );
  }
  return response;
}
