import "server-only";
import { and, eq, isNull, lt } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { markRevokedInPliant } from "./reconcile";
import { pliantFetch } from "./token";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ProviderProtocolError, ProviderUnavailable } from "@/lib/providers/errors";
import { PliantNoData, expectPliantJson, organizationsPage } from "@/lib/providers/pliant/api";
import { organizationsPagePath } from "@/lib/providers/pliant/config";

const PAGE_SIZE = 100;
/** 100 × 100 organizations; past that something is wrong and we had rather revoke nothing. */
const MAX_PAGES = 100;

export type PliantReconcileReport = { checked: number; revoked: number; named?: number; skipped?: string };

/** Every organization Pliant currently lets us see (id → name or null), or undefined when the list is incomplete. */
async function listAuthorizedOrganizations(): Promise<Map<string, string | null> | undefined> {
  const organizations = new Map<string, string | null>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await pliantFetch(organizationsPagePath(PAGE_SIZE, page));
    const body = await expectPliantJson(response, organizationsPage, "organizations");
    for (const o of body.data) organizations.set(o.organizationId, o.name);
    if (body.hasNextPage === false || body.data.length < PAGE_SIZE) return organizations;
  }
  return undefined;
}

/**
 * Pliant has no revocation callback: an admin who revokes us in Pliant simply disappears from
 * GET /organizations. Mark such active connections revoked. A failed or partial listing — or a
 * 202/204 without data — revokes nothing, and connections activated after the listing started are
 * left alone. Names Pliant lists fill in connections that only showed their id so far.
 */
export async function reconcilePliant(): Promise<PliantReconcileReport> {
  if (!env().pliantConfigured) return { checked: 0, revoked: 0, skipped: "not configured" };
  const startedAt = new Date();
  const active = await db()
    .select({ externalId: connections.externalId, externalName: connections.externalName })
    .from(connections)
    .where(
      and(eq(connections.provider, "pliant"), eq(connections.status, "active"), lt(connections.connectedAt, startedAt)),
    );
  // Nothing to check: do not spend a token request (the quota is small) on an empty question.
  if (active.length === 0) return { checked: 0, revoked: 0 };
  let listed: Map<string, string | null> | undefined;
  try {
    listed = await listAuthorizedOrganizations();
  } catch (error) {
    if (!(error instanceof ProviderUnavailable || error instanceof ProviderProtocolError)) throw error;
    log.warn("pliant.reconcile.skipped", { reason: error.reason });
    return {
      checked: 0,
      revoked: 0,
      skipped: error instanceof PliantNoData ? "Pliant returned no organization data" : "Pliant unavailable",
    };
  }
  if (!listed) return { checked: 0, revoked: 0, skipped: "too many organizations" };
  let revoked = 0;
  let named = 0;
  for (const c of active) {
    const id = c.externalId.toLowerCase();
    if (listed.has(id)) {
      const name = listed.get(id);
      if (name && !c.externalName) {
        await db()
          .update(connections)
          .set({ externalName: name })
          .where(
            and(
              eq(connections.provider, "pliant"),
              eq(connections.externalId, c.externalId),
              isNull(connections.externalName),
            ),
          );
        named++;
      }
      continue;
    }
    if (await markRevokedInPliant(c.externalId, { label: "sweep" }, { reason: "no longer listed by Pliant" }))
      revoked++;
  }
  return { checked: active.length, revoked, ...(named ? { named } : {}) };
}
