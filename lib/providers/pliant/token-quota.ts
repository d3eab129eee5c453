import { TOKEN_QUOTA } from "./contract";

/**
 * Pliant's token quota as Auth0 announces it on every token answer (contract.ts TOKEN_QUOTA):
 * `Auth0-Client-Quota-Limit: b=per_hour;q=42;r=41;t=3599,b=per_day;q=100;r=99;t=86399`
 * b bucket, q quota, r remaining, t seconds until the bucket resets.
 */
export type QuotaBucket = { name: string; limit: number; remaining: number; resetInSec: number };

/** What we keep: each bucket with an absolute reset time, and when we saw it. */
export type TokenQuota = {
  observedAt: string;
  buckets: Record<string, { limit: number; remaining: number; resetAt: string }>;
};

export type QuotaParse = { ok: true; buckets: QuotaBucket[] } | { ok: false; reason: string };

const MAX_HEADER_LENGTH = 1_000;
const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const COUNT = /^\d{1,9}$/;

/** Parse the header strictly: any malformed bucket rejects the whole header (with a reason to log). */
export function parseQuotaHeader(value: string): QuotaParse {
  if (value.length > MAX_HEADER_LENGTH) return { ok: false, reason: "header too long" };
  const buckets: QuotaBucket[] = [];
  for (const part of value.split(",")) {
    const fields = new Map<string, string>();
    for (const pair of part.split(";")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) return { ok: false, reason: "a bucket field is not key=value" };
      const key = pair.slice(0, eq).trim();
      if (fields.has(key)) return { ok: false, reason: `field ${key} repeated` };
      fields.set(key, pair.slice(eq + 1).trim());
    }
    const [b, q, r, t] = ["b", "q", "r", "t"].map((k) => fields.get(k));
    if (b === undefined || q === undefined || r === undefined || t === undefined)
      return { ok: false, reason: "a bucket lacks b, q, r or t" };
    if (!NAME.test(b)) return { ok: false, reason: "bad bucket name" };
    if (![q, r, t].every((n) => COUNT.test(n)))
      return { ok: false, reason: "q, r and t must be non-negative integers" };
    if (Number(r) > Number(q)) return { ok: false, reason: "remaining exceeds the quota" };
    if (buckets.some((x) => x.name === b)) return { ok: false, reason: `bucket ${b} repeated` };
    buckets.push({ name: b, limit: Number(q), remaining: Number(r), resetInSec: Number(t) });
  }
  return { ok: true, buckets };
}

export function toTokenQuota(buckets: QuotaBucket[], now: number): TokenQuota {
  return {
    observedAt: new Date(now).toISOString(),
    buckets: Object.fromEntries(
      buckets.map((b) => [
        b.name,
        { limit: b.limit, remaining: b.remaining, resetAt: new Date(now + b.resetInSec * 1000).toISOString() },
      ]),
    ),
  };
}

/** When every empty bucket has reset again; undefined while no bucket is empty. Never ask before it. */
export function quotaExhaustedUntil(quota: TokenQuota | null | undefined, now: number): number | undefined {
  if (!quota) return undefined;
  const resets = Object.values(quota.buckets)
    .filter((b) => b.remaining <= 0)
    .map((b) => Date.parse(b.resetAt))
    .filter((at) => Number.isFinite(at) && at > now);
  return resets.length ? Math.max(...resets) : undefined;
}

/** When the next bucket resets (for a 429 that came without a usable header or Retry-After). */
export function nextQuotaReset(quota: TokenQuota | null | undefined, now: number): number | undefined {
  if (!quota) return undefined;
  const resets = Object.values(quota.buckets)
    .map((b) => Date.parse(b.resetAt))
    .filter((at) => Number.isFinite(at) && at > now);
  return resets.length ? Math.min(...resets) : undefined;
}

export type QuotaBucketView = {
  name: string;
  label: string;
  limit: number;
  used: number;
  remaining: number;
  resetAt: Date;
  resetSinceObserved: boolean;
};

const LABELS: Record<string, string> = { per_hour: "This hour", per_day: "Today" };
const ORDER = ["per_hour", "per_day"];

/** For people: used and remaining per bucket; a bucket whose reset time has passed counts as full again. */
export function quotaView(quota: TokenQuota | null | undefined, now: number): QuotaBucketView[] {
  if (!quota) return [];
  return Object.entries(quota.buckets)
    .sort(([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
    .map(([name, b]) => {
      const resetAt = new Date(b.resetAt);
      const resetSinceObserved = resetAt.getTime() <= now;
      const remaining = resetSinceObserved ? b.limit : b.remaining;
      return {
        name,
        label: LABELS[name] ?? name,
        limit: b.limit,
        used: b.limit - remaining,
        remaining,
        resetAt,
        resetSinceObserved,
      };
    });
}

/** The published quota, for when no header has been seen yet. */
export const PUBLISHED_QUOTA = TOKEN_QUOTA.value;
