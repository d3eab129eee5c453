import "server-only";
import { and, eq, lt } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { markRevokedInPliant } from "@/lib/connections/pliant-remote-status";
import { pliantFetch } from "@/lib/connections/pliant-token";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ProviderProtocolError, ProviderUnavailable } from "@/lib/providers/errors";
import { expectPliantJson, organizationsPage } from "@/lib/providers/pliant/api";

const PAGE_SIZE = 100;
/** 100 × 100 organizations; past that something is wrong and we had rather revoke nothing. */
const MAX_PAGES = 100;

export type PliantReconcileReport = { checked: number; revoked: number; skipped?: string };

/** Every organization Pliant currently lets us see, or undefined when the list is incomplete. */
async function listAuthorizedOrganizations(): Promise<Set<string> | undefined> {
  const ids = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await pliantFetch(`organizations?limit=${PAGE_SIZE}&page=${page}`);
    const body = await expectPliantJson(response, organizationsPage, "organizations");
    for (const o of body.data) ids.add(o.id.toLowerCase());
    if (body.hasNextPage === false || body.data.length < PAGE_SIZE) return ids;
  }
  return undefined;
}

/**
 * Pliant has no revocation callback: an admin who revokes us in Pliant simply disappears from
 * GET /organizations. Mark such active connections revoked. A failed or partial listing revokes
 * nothing, and connections activated after the listing started are left alone.
 */
export async function reconcilePliant(): Promise<PliantReconcileReport> {
  if (!env().pliantConfigured) return { checked: 0, revoked: 0, skipped: "not configured" };
  const startedAt = new Date();
  const active = await db()
    .select({ externalId: connections.externalId })
    .from(connections)
    .where(and(eq(connections.provider, "pliant"), eq(connections.status, "active"), lt(connections.connectedAt, startedAt)));
  // Nothing to check: do not spend a token request (the quota is small) on an empty question.
  if (active.length === 0) return { checked: 0, revoked: 0 };
  let listed: Set<string> | undefined;
  try {
    listed = await listAuthorizedOrganizations();
  } catch (error) {
    if (!(error instanceof ProviderUnavailable || error instanceof ProviderProtocolError)) throw error;
    log.warn("pliant.reconcile.skipped", { reason: error.reason });
    return { checked: 0, revoked: 0, skipped: "Pliant unavailable" };
  }
  if (!listed) return { checked: 0, revoked: 0, skipped: "too many organizations" };
  let revoked = 0;
  for (const c of active) {
    if (listed.has(c.externalId.toLowerCase())) continue;
    if (await markRevokedInPliant(c.externalId, { label: "sweep" }, { reason: "no longer listed by Pliant" })) revoked++;
  }
  return { checked: active.length, revoked };
}
