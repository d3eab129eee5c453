import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { pliantEntries } from "@/db/schema";
import { env } from "@/lib/env";
import { pliantFetch } from "../token";
import { organizationSchema } from "@/lib/providers/pliant/api";
import { entryCookieMatches } from "./browser-binding";
import { organizationPath } from "@/lib/providers/pliant/config";
import { trustedRedirectUrl } from "./redirect-url";

export type PliantEntry = typeof pliantEntries.$inferSelect;
export type EntryState = "awaiting" | "used" | "expired";

/**
 * What the confirm page shows: never more than the entry itself holds. `bound`: the browser sent
 * this entry's binding cookie (browser-binding.ts).
 */
export type EntryView = { id: string; organizationId: string; state: EntryState; expiresAt: Date; bound: boolean };

export async function findPliantEntry(
  entryId: string,
  entryCookie: string | undefined,
): Promise<EntryView | undefined> {
  if (!z.uuid().safeParse(entryId).success) return undefined;
  const [e] = await db().select().from(pliantEntries).where(eq(pliantEntries.id, entryId));
  if (!e) return undefined;
  const state: EntryState =
    e.status !== "awaiting" ? "used" : e.expiresAt.getTime() <= Date.now() ? "expired" : "awaiting";
  return {
    id: e.id,
    organizationId: e.organizationId,
    state,
    expiresAt: e.expiresAt,
    bound: entryCookieMatches(e.id, entryCookie),
  };
}

/**
 * Decide an entry exactly once: one UPDATE … WHERE status='awaiting' AND not expired RETURNING.
 * A replay, a double click or a second tab finds nothing and changes nothing.
 */
export async function consumePliantEntry(
  entryId: string,
  userId: string,
  status: "approved" | "cancelled",
): Promise<PliantEntry | undefined> {
  if (!z.uuid().safeParse(entryId).success) return undefined;
  const [entry] = await db()
    .update(pliantEntries)
    .set({ status, decidedByUserId: userId, decidedAt: sql`now()` })
    .where(
      and(eq(pliantEntries.id, entryId), eq(pliantEntries.status, "awaiting"), gt(pliantEntries.expiresAt, sql`now()`)),
    )
    .returning();
  return entry;
}

export async function markEntry(entryId: string, values: { status?: "failed"; connectionId?: string }): Promise<void> {
  await db().update(pliantEntries).set(values).where(eq(pliantEntries.id, entryId));
}

/** The entry's way back to Pliant, re-checked against today's allow-list; undefined if no longer trusted. */
export function entryRedirect(entry: Pick<PliantEntry, "redirectUrl">): URL | undefined {
  return trustedRedirectUrl(entry.redirectUrl, env().PLIANT_APP_URL);
}

/**
 * The organization's name from Pliant, when Pliant will tell us: before activation it may answer
 * 403, and an outage must not block the page, so any failure is simply "unknown".
 */
export async function organizationName(organizationId: string): Promise<string | null> {
  try {
    const response = await pliantFetch(organizationPath(organizationId));
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const parsed = organizationSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.name : null;
  } catch {
    return null;
  }
}
