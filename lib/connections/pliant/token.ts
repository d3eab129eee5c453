import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { providerTokens } from "@/db/schema";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { pliantApiRequest } from "@/lib/providers/pliant/api";
import { TokenQuotaExceeded, requestClientCredentialsToken } from "@/lib/providers/pliant/token-endpoint";
import { nextQuotaReset, quotaExhaustedUntil } from "@/lib/providers/pliant/token-quota";
import { openSecret, sealSecret } from "@/lib/vault";
import { countRefreshOutcome } from "../read/refresh-stats";
import { singleFlight } from "@/lib/single-flight";

/**
 * Pliant's client-credentials token: one per environment, shared by every instance through the
 * `provider_tokens` row "pliant". Pliant allows 42 token requests an hour and 100 a day, so the
 * token is reused until shortly before it expires and renewed once, whatever the concurrency.
 */
const ROW = "pliant";
const at = { table: "provider_tokens", column: "access_token", rowId: ROW };
/** After a non-429 failure nobody asks again for this long, so a flapping endpoint cannot eat the quota. */
const FAILURE_BACKOFF_MS = 5_000;
/** A token this young is not renewed on a 401: the refusal is not about its age, and the quota is small. */
const MIN_TOKEN_AGE_FOR_RENEWAL_MS = 10_000;
/** A 429 with neither Retry-After nor an announced reset: nobody asks again for this long. */
export const DEFAULT_QUOTA_BACKOFF_MS = 60_000;

/**
 * A 401 on a token that is not near expiry forces a renewal; fleet-wide at most one such renewal
 * per this interval (recorded on the row), so 401s cannot spend the daily quota (≤ 48 a day).
 */
export const FORCED_RENEWAL_INTERVAL_MS = 30 * 60_000;

type Row = typeof providerTokens.$inferSelect;

/** Renew when less than max(10 % of the lifetime, 5 minutes) is left. */
export function renewalMarginMs(row: Pick<Row, "obtainedAt" | "expiresAt">): number {
  const ttl = row.expiresAt && row.obtainedAt ? row.expiresAt.getTime() - row.obtainedAt.getTime() : 0;
  return Math.max(ttl / 10, 5 * 60_000);
}

const isFresh = (row: Row, now: number) =>
  Boolean(row.accessToken && row.expiresAt && row.expiresAt.getTime() - now > renewalMarginMs(row));
const isUsable = (row: Row, now: number) =>
  Boolean(row.accessToken && row.expiresAt && row.expiresAt.getTime() - now > 30_000);
/** No request before this: a stored Retry-After, or the reset of a quota bucket Pliant said was empty. */
const blockedUntil = (row: Row, now: number) =>
  Math.max(row.retryAfter?.getTime() ?? 0, quotaExhaustedUntil(row.quota, now) ?? 0);
const backingOff = (row: Row, now: number) => blockedUntil(row, now) > now;
const unavailable = (row: Row, now: number) =>
  new ProviderUnavailable("pliant", "token renewal is backing off", blockedUntil(row, now) - now);

/** The current token: one indexed read on the hot path; renewal only near expiry. */
export async function getPliantAccessToken(): Promise<string> {
  const [row] = await db().select().from(providerTokens).where(eq(providerTokens.provider, ROW));
  const now = Date.now();
  if (row && isFresh(row, now)) return openSecret(row.accessToken!, at);
  // During a Retry-After window an old token that still works is better than none.
  if (row && backingOff(row, now)) {
    if (isUsable(row, now)) return openSecret(row.accessToken!, at);
    throw unavailable(row, now);
  }
  return renewPliantAccessToken();
}

const renewOnce = singleFlight<string>();

/**
 * Renew now, or adopt what another caller or instance just stored. `rejected`: a token the API
 * refused (401); it forces a renewal unless the stored token has already changed.
 */
export function renewPliantAccessToken(rejected?: string): Promise<string> {
  return renewOnce(rejected ? `rejected:${rejected}` : "expiring", () => renewUnderLock(rejected));
}

type Outcome = { token: string } | { error: ProviderUnavailable };

async function renewUnderLock(rejected?: string): Promise<string> {
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    // Insert first so there is always a row to lock, even on a fresh database.
    await tx.insert(providerTokens).values({ provider: ROW }).onConflictDoNothing();
    const [row] = await tx.select().from(providerTokens).where(eq(providerTokens.provider, ROW)).for("update");
    const now = Date.now();
    const current = row!.accessToken ? openSecret(row!.accessToken, at) : undefined;
    // Re-check under the lock: another instance may have renewed while we waited.
    const young = row!.obtainedAt !== null && now - row!.obtainedAt.getTime() < MIN_TOKEN_AGE_FOR_RENEWAL_MS;
    if (current && (current !== rejected || young) && isFresh(row!, now)) return { token: current };
    if (backingOff(row!, now))
      return current && current !== rejected && isUsable(row!, now)
        ? { token: current }
        : { error: unavailable(row!, now) };
    // Renewing only because of a 401 (the token is not near expiry): limited fleet-wide.
    const forced = Boolean(current && rejected && current === rejected && isFresh(row!, now));
    const lastForced = row!.lastForcedRenewalAt?.getTime();
    if (forced && lastForced !== undefined && now - lastForced < FORCED_RENEWAL_INTERVAL_MS) {
      log.warn("pliant.token.forced_renewal_limited", { retryAfterMs: lastForced + FORCED_RENEWAL_INTERVAL_MS - now });
      return {
        error: new ProviderUnavailable(
          "pliant",
          "forced token renewal limit",
          lastForced + FORCED_RENEWAL_INTERVAL_MS - now,
        ),
      };
    }
    try {
      const token = await requestClientCredentialsToken(now);
      await tx
        .update(providerTokens)
        .set({
          accessToken: sealSecret(token.accessToken, at),
          obtainedAt: token.obtainedAt,
          expiresAt: token.expiresAt,
          retryAfter: null,
          ...(token.quota ? { quota: token.quota } : {}),
          ...(forced ? { lastForcedRenewalAt: new Date(now) } : {}),
        })
        .where(eq(providerTokens.provider, ROW));
      await countRefreshOutcome(tx, "pliant", "ok");
      return { token: token.accessToken };
    } catch (error) {
      if (!(error instanceof ProviderUnavailable)) throw error;
      // Remembered on the row, so no instance asks again before Pliant allows it.
      const quota = error instanceof TokenQuotaExceeded ? (error.quota ?? row!.quota) : row!.quota;
      const waitMs =
        error.retryAfterMs ?? (error instanceof TokenQuotaExceeded ? quotaBackoffMs(quota, now) : FAILURE_BACKOFF_MS);
      await tx
        .update(providerTokens)
        .set({ retryAfter: new Date(now + waitMs), quota })
        .where(eq(providerTokens.provider, ROW));
      await countRefreshOutcome(tx, "pliant", error.reason === "token quota" ? "rate_limited" : "unavailable");
      log.warn("pliant.token.unavailable", { reason: error.reason, retryAfterMs: waitMs });
      if (current && current !== rejected && isUsable(row!, now)) return { token: current };
      return { error: new ProviderUnavailable("pliant", error.reason, waitMs) };
    }
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.token;
}

/** Over quota without Retry-After or a fresh header: wait for the next reset we know of. */
function quotaBackoffMs(quota: Row["quota"], now: number): number {
  const reset = nextQuotaReset(quota, now);
  return reset ? reset - now : DEFAULT_QUOTA_BACKOFF_MS;
}

/**
 * Call Pliant's partner API with the shared token. A 401 means the token died early: renew once
 * (unless someone already did) and retry once.
 */
/** What staff see of the shared token: the quota Pliant last announced and any Retry-After still running. */
export async function sharedTokenState(): Promise<Pick<Row, "quota" | "retryAfter"> | undefined> {
  const [row] = await db()
    .select({ quota: providerTokens.quota, retryAfter: providerTokens.retryAfter })
    .from(providerTokens)
    .where(eq(providerTokens.provider, ROW));
  return row;
}

export async function pliantFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await getPliantAccessToken();
  const response = await pliantApiRequest(token, path, init);
  if (response.status !== 401) return response;
  await response.body?.cancel();
  const renewed = await renewPliantAccessToken(token);
  return pliantApiRequest(renewed, path, init);
}
