import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { AuditAction } from "./audit";
import type { ConnectionStatus } from "./read/dto";
import { getConnectionOrThrow } from "./read/queries";

/**
 * A connection's status over time, derived from its audit events (the append-only record), so
 * the history needs no table of its own. Actions that do not change the status are left out.
 */
export const STATUS_AFTER: Partial<Record<AuditAction, ConnectionStatus>> = {
  "connection.connected": "active",
  "connection.reconnected": "active",
  "connection.revoked": "revoked",
  "connection.revoked_remotely": "revoked",
  "connection.needs_reauth": "needs_reauth",
  "connection.activation_failed": "error",
};

export type StatusChange = { at: Date; status: ConnectionStatus; actor: string; action: string };

type Event = { at: Date; actor: string; action: string };

/** Oldest first; a repeat of the same status (e.g. two needs_reauth events) is one change. */
export function deriveStatusHistory(events: Event[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const e of events) {
    const status = STATUS_AFTER[e.action as AuditAction];
    if (!status || changes.at(-1)?.status === status) continue;
    changes.push({ at: e.at, status, actor: e.actor, action: e.action });
  }
  return changes;
}

export async function listStatusHistory(user: SessionUser, connectionId: string, limit = 500): Promise<StatusChange[]> {
  // Ownership first: a foreign or malformed id is a 404 before any event is read.
  const c = await getConnectionOrThrow(user, connectionId);
  const events = await db()
    .select({ at: auditEvents.at, actor: auditEvents.actorLabel, action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.connectionId, c.id), inArray(auditEvents.action, Object.keys(STATUS_AFTER))))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id))
    .limit(limit);
  return deriveStatusHistory(events);
}
