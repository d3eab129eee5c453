import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { auditEvents, connections } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { ConnectionDto } from "./dto";
import { baseQuery, visibleTo } from "./visibility";

/**
 * The data-access layer for reading connections. Ownership is part of every query (`visibleTo`):
 * a customer admin's reads are limited to their workspace in SQL, so a foreign id simply finds nothing.
 */

/** One connection the user may see, or Next's 404 (also for a malformed or foreign id). */
export async function getConnectionOrThrow(user: SessionUser, id: string): Promise<ConnectionDto> {
  const row = await findVisibleConnection(user, id);
  if (!row) notFound();
  return row;
}

export async function findVisibleConnection(user: SessionUser, id: string): Promise<ConnectionDto | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await baseQuery().where(and(eq(connections.id, id), visibleTo(user)));
  return row && { ...row, hasTokens: Boolean(row.hasTokens) };
}

export type AuditEntry = { id: number; at: Date; actor: string; action: string; detail: Record<string, unknown> };

export async function listAuditTrail(user: SessionUser, connectionId: string, limit = 100): Promise<AuditEntry[]> {
  await getConnectionOrThrow(user, connectionId);
  return db()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actor: auditEvents.actorLabel,
      action: auditEvents.action,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .where(eq(auditEvents.connectionId, connectionId))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}
