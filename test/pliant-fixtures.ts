import { eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { pliantEntries, providerTokens } from "@/db/schema";
import { createAdmin } from "./pleo-fixtures";

export { createAdmin };
import type { control } from "./sandbox";

/** The query Pliant's Authorize button sends to /login (the sandbox signs it with its JWKS key). */
export async function startAuthorization(
  pliant: ReturnType<typeof control>,
  organizationId: string,
): Promise<URLSearchParams> {
  // A signed link is (t in seconds, organization): two starts for one organization within a second
  // would be the same link, which the portal accepts once. A person cannot click that fast; a test can.
  await pliant.advanceClock(1);
  const { loginUrl } = (await pliant.post("authorizations/start", { organizationId })) as { loginUrl: string };
  return new URL(loginUrl).searchParams;
}

/**
 * Time travel for the shared Pliant token: the portal reads the real clock, so "later" means the
 * stored times (obtained, expires, retry-after) lie that much further in the past. Move the
 * sandbox's clock by the same amount.
 */
export async function agePliantToken(seconds: number): Promise<void> {
  const by = sql`make_interval(secs => ${seconds})`;
  await db()
    .update(providerTokens)
    .set({
      obtainedAt: sql`${providerTokens.obtainedAt} - ${by}`,
      expiresAt: sql`${providerTokens.expiresAt} - ${by}`,
      retryAfter: sql`${providerTokens.retryAfter} - ${by}`,
    })
    .where(eq(providerTokens.provider, "pliant"));
}

/** How many Pliant entries (accepted logins awaiting a decision) are stored. */
export async function pliantEntryCount(): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)` })
    .from(pliantEntries);
  return Number(row!.n);
}
