import "server-only";
import { recordAttempt } from "@/lib/rate-limit";

/**
 * Failed API key attempts, per client address: the MAX_FAILURES-th failure within WINDOW_MS, and
 * everything after, gets 429 for the lockout, whatever key it presents. Failures are counted in the
 * shared rate_limits table (lib/rate-limit.ts: one atomic upsert, lockouts that double per strike),
 * so every instance sees the same count; the lockout is also kept in memory, so a throttled
 * address costs the hot path nothing.
 */
export const MAX_FAILURES = 20;
export const WINDOW_MS = 15 * 60 * 1000;

const blockedUntil = new Map<string, number>();

/** Milliseconds this address must still wait, or 0. In memory: the hot path costs nothing. */
export function apiKeyThrottleWaitMs(address: string, now = Date.now()): number {
  const until = blockedUntil.get(address);
  if (until === undefined) return 0;
  if (until <= now) blockedUntil.delete(address);
  return Math.max(0, until - now);
}

/** Record a failed attempt; returns the wait in ms when the address is now over the limit, else 0. */
export async function recordApiKeyFailure(address: string, now = Date.now()): Promise<number> {
  // max = MAX_FAILURES - 1: the attempt that reaches MAX_FAILURES is the first one refused.
  const outcome = await recordAttempt([
    { key: `api-key:address:${address}`, max: MAX_FAILURES - 1, windowMs: WINDOW_MS },
  ]);
  if (outcome.allowed) return 0;
  if (blockedUntil.size > 100_000) blockedUntil.clear();
  blockedUntil.set(address, now + outcome.retryAfterMs);
  return outcome.retryAfterMs;
}
